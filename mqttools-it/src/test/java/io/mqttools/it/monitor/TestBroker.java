package io.mqttools.it.monitor;

/** The broker a monitor scenario runs against: on a fixed free port, created stopped, restartable on it. */
interface TestBroker extends AutoCloseable {
    int port();

    /** Starts the broker and waits until it accepts connections. */
    void start() throws Exception;

    /** Stops the broker; its connections drop. */
    void stop() throws Exception;

    /** What the broker logged, for failure messages. */
    String log();

    @Override
    default void close() throws Exception {
        stop();
    }
}
