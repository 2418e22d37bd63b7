package io.mqttools.broker;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.security.FileSecurity;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.transport.NettyServer;

/** A started broker. {@link #close()} disconnects every client (wills where due) and frees its threads. */
public final class RunningBroker implements AutoCloseable {
    private final NettyServer server;
    private final BrokerServices services;
    private final FileSecurity security;
    private boolean closed;

    RunningBroker(NettyServer server, BrokerServices services, FileSecurity security) {
        this.server = server;
        this.services = services;
        this.security = security;
    }

    /**
     * Re-reads the password and ACL files of the configuration (what SIGHUP does to mosquitto) without
     * dropping anyone: new connections, and every publish, subscribe and delivery from now on, follow the
     * new rules. A file that cannot be used keeps its old rules; the error is logged. An authenticator or
     * authorizer given to the builder is not affected.
     *
     * @return the problems found, one message per file naming it and its line; empty when all went well
     */
    public java.util.List<String> reloadSecurity() {
        return security.reload();
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
        security.close();
    }
}
