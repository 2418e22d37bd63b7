package io.mqttools.it.client;

/** A broker the client tests run against, on a free port, that can be stopped and started again on that port. */
interface BrokerUnderTest extends AutoCloseable {
    int port();

    /** Stops the broker (connections drop; a non-persistent broker forgets its sessions). */
    void stop();

    /** Starts it again on the same port, waiting until it accepts connections. */
    void start();

    @Override
    void close();
}
