package io.mqttools.broker;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.metrics.MetricsCollector;
import io.mqttools.broker.metrics.MetricsSnapshot;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.transport.NettyServer;

/** A started broker. {@link #close()} disconnects every client (wills where due) and frees its threads. */
public final class RunningBroker implements AutoCloseable {
    private final NettyServer server;
    private final BrokerServices services;
    private final MetricsCollector collector;
    private boolean closed;

    RunningBroker(NettyServer server, BrokerServices services, MetricsCollector collector) {
        this.server = server;
        this.services = services;
        this.collector = collector;
    }

    /** The bound plain TCP port (the real one when 0 was asked for). */
    public int port() {
        return server.port();
    }

    /** The bound TLS port, or -1 without a TLS listener. */
    public int securePort() {
        return server.securePort();
    }

    /** The bound Prometheus HTTP port, or -1 without an HTTP listener. */
    public int httpPort() {
        return server.httpPort();
    }

    /**
     * What the broker counts, now: clients, packets and bytes, drops, stored messages, heap. The $SYS
     * topics and {@code /metrics} report the same values. Costs O(sessions); not for the message path.
     */
    public MetricsSnapshot snapshot() {
        return collector.snapshot();
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
    }
}
