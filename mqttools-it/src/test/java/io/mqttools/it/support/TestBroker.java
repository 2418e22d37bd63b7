package io.mqttools.it.support;

/**
 * The broker under test, listening on a free port of the loopback interface.
 *
 * <p>By default this is the mqttools broker, embedded in the test JVM. With the system property
 * {@code mqttools.it.broker=mosquitto} it is a mosquitto process instead: running the suite that way checks
 * that the tests themselves hold against a reference broker.
 */
public interface TestBroker extends AutoCloseable {
    /** The system property that selects the broker implementation. */
    String SELECTOR = "mqttools.it.broker";

    /** Starts the broker selected by {@link #SELECTOR}. */
    static TestBroker start() {
        String which = System.getProperty(SELECTOR, "mqttools");
        return switch (which) {
            case "mqttools" -> EmbeddedBroker.start();
            case "mosquitto" -> MosquittoBroker.start();
            default -> throw new IllegalArgumentException(SELECTOR + " must be mqttools or mosquitto, not " + which);
        };
    }

    /** The mqttools broker embedded in the test JVM, whatever {@link #SELECTOR} says. */
    static TestBroker mqttools() {
        return EmbeddedBroker.start();
    }

    /** A mosquitto process (see {@link ExternalTools#mosquitto()}), whatever {@link #SELECTOR} says. */
    static TestBroker mosquitto() {
        return MosquittoBroker.start();
    }

    /**
     * An mqttools broker the test started itself and stops itself (a CLI process, or an embedded one it
     * closes): only its port, and {@link #close()} does nothing.
     */
    static TestBroker onPort(int port) {
        return new TestBroker() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public boolean isMqttools() {
                return true;
            }

            @Override
            public void close() {
                // the test stops the broker
            }
        };
    }

    /** An embedded mqttools broker started with its own settings; {@link #close()} closes it. */
    static TestBroker of(io.mqttools.broker.RunningBroker running) {
        return new TestBroker() {
            @Override
            public int port() {
                return running.port();
            }

            @Override
            public boolean isMqttools() {
                return true;
            }

            @Override
            public void close() {
                running.close();
            }
        };
    }

    /** The address to connect to. */
    default String host() {
        return "127.0.0.1";
    }

    /** The bound TCP port. */
    int port();

    /** Whether this is the mqttools broker (some tests check mqttools-specific behaviour). */
    boolean isMqttools();

    @Override
    void close();
}
