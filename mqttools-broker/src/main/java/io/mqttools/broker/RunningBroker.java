package io.mqttools.broker;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.transport.NettyServer;

/** A started broker. {@link #close()} disconnects every client (wills where due) and frees its threads. */
public final class RunningBroker implements AutoCloseable {
    private final NettyServer server;
    private final BrokerServices services;
    private final AutoCloseable store;
    private boolean closed;

    /** @param store the disk store, closed after the threads that write to it have stopped; or null */
    RunningBroker(NettyServer server, BrokerServices services, AutoCloseable store) {
        this.server = server;
        this.services = services;
        this.store = store;
    }

    /** The bound plain TCP port (the real one when 0 was asked for). */
    public int port() {
        return server.port();
    }

    /** The bound TLS port, or -1 without a TLS listener. */
    public int securePort() {
        return server.securePort();
    }

    /** Open client connections now. */
    public int connectionCount() {
        return services.connections().count();
    }

    /** Sessions stored now, connected or not. */
    public int sessionCount() {
        return services.sessions().size();
    }

    /** Retained messages stored now. */
    public int retainedCount() {
        return services.retained().size();
    }

    /** Counters of messages not delivered (queue full, too large, expired) and paused publishers. */
    public DeliveryMetrics metrics() {
        return services.metrics();
    }

    /** Stops listening, disconnects every client (DISCONNECT 0x8B in 5.0) and stops the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stopAccepting();
        server.shutdown(services.connections().shutdown());
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the session store: " + e.getMessage(), e);
            }
        }
    }
}
