package io.mqttools.broker;

import io.mqttools.broker.config.Listener;
import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.local.LocalClient;
import io.mqttools.broker.local.LocalServices;
import io.mqttools.broker.metrics.MetricsCollector;
import io.mqttools.broker.metrics.MetricsSnapshot;
import io.mqttools.broker.security.ListenerSecurity;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.transport.NettyServer;
import java.util.ArrayList;
import java.util.List;

/** A started broker. {@link #close()} disconnects every client (wills where due) and frees its threads. */
public final class RunningBroker implements AutoCloseable {
    private final NettyServer server;
    private final BrokerServices services;
    private final ListenerSecurity security;
    private final MetricsCollector collector;
    private final AutoCloseable store;
    private boolean closed;

    /** @param store the disk store, closed after the threads that write to it have stopped; or null */
    RunningBroker(NettyServer server, BrokerServices services, ListenerSecurity security, MetricsCollector collector,
                  AutoCloseable store) {
        this.server = server;
        this.services = services;
        this.security = security;
        this.collector = collector;
        this.store = store;
    }

    /**
     * Re-reads the password, SCRAM and ACL files of the configuration and of its listeners with settings of
     * their own, and the TLS listeners' certificate, key and CA files (what SIGHUP does to mosquitto)
     * without dropping anyone: new connections, and every publish, subscribe and delivery from now on,
     * follow the new rules; new TLS connections get the new certificate, live ones keep theirs. A file that
     * cannot be used keeps its old rules or context; the error is logged. An authenticator or authorizer
     * given to the builder is not affected.
     *
     * @return the problems found, one message per file naming it (and its line); empty when all went well
     */
    public synchronized List<String> reloadSecurity() {
        List<String> problems = new ArrayList<>(security.reload());
        problems.addAll(server.reloadTls());
        return problems;
    }

    /**
     * Starts an in-process client of this broker, with a new session under {@code clientId} on one of the
     * broker's event loops; bridges attach to the broker this way. Close it before the broker.
     *
     * @param receiver takes the messages of its subscriptions, on that event loop
     * @throws IllegalStateException when the session cannot be claimed
     */
    public LocalClient localClient(String clientId, LocalClient.Receiver receiver) {
        LocalServices local = new LocalServices(services.sessions(), services.distributor(), services.router(),
                services.retained(), services.limits().maxInflight());
        return LocalClient.open(clientId, local, server.nextLoop(), receiver);
    }

    /**
     * The bound port of the first plain MQTT listener (the real one when 0 was asked for); of the first
     * listener when there is no plain MQTT one.
     */
    public int port() {
        int plain = port(Listener.Protocol.MQTT, false);
        return plain < 0 ? server.ports().get(0) : plain;
    }

    /** The bound port of the first MQTT-over-TLS listener, or -1 without one. */
    public int securePort() {
        return port(Listener.Protocol.MQTT, true);
    }

    /** The bound port of every listener, in the order of {@link BrokerConfig#listeners()}. */
    public List<Integer> ports() {
        return server.ports();
    }

    /** The bound port of the first listener of this protocol and security, or -1 without one. */
    public int port(Listener.Protocol protocol, boolean secure) {
        List<Listener> listeners = server.listeners();
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).protocol() == protocol && listeners.get(i).secure() == secure) {
                return server.ports().get(i);
            }
        }
        return -1;
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

    /** The event loops that own the connections ({@link Broker.Builder#ioThreads}). */
    public int ioThreads() {
        return server.ioThreads();
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
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the session store: " + e.getMessage(), e);
            }
        }
    }
}
