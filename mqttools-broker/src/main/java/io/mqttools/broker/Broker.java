package io.mqttools.broker;

import io.mqttools.broker.config.Features;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.broker.config.TlsConfig;
import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.connection.Connections;
import io.mqttools.broker.persistence.DurableRetainedStore;
import io.mqttools.broker.persistence.JournaledRouter;
import io.mqttools.broker.persistence.Recovery;
import io.mqttools.broker.persistence.RocksStore;
import io.mqttools.broker.routing.InMemoryRetainedStore;
import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.routing.SubscriptionTree;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.session.Durability;
import io.mqttools.broker.session.InMemorySessionStore;
import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.broker.session.SessionRegistry;
import io.mqttools.broker.session.SessionStore;
import io.mqttools.broker.transport.NettyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5.0 / 3.1.1 / 3.1 broker, configured and ready to start: the composition root, the one
 * place where the services are created and wired together.
 *
 * <pre>{@code
 * try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start()) {
 *     int port = broker.port();
 * }
 * }</pre>
 *
 * A {@code Broker} may be started more than once; each start gets fresh state.
 */
public final class Broker {
    private final BrokerConfig config;
    private final Supplier<Router> router;
    private final Supplier<RetainedStore> retained;
    private final Supplier<SessionStore> sessions;
    private final Authenticator authenticator;
    private final Features features;

    private Broker(Builder b) {
        this.config = new BrokerConfig(b.host, b.port, b.tls, b.limits(), b.security, b.persistence);
        this.router = b.router;
        this.retained = b.retained;
        this.sessions = b.sessions;
        this.authenticator = b.authenticator;
        this.features = new Features(b.responseInformation, b.retainedExpirySweep);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A broker for a configuration built elsewhere (a file, the CLI). */
    public static Broker of(BrokerConfig config) {
        return builder().config(config).build();
    }

    public BrokerConfig config() {
        return config;
    }

    /**
     * Binds the listeners and returns once they accept connections.
     *
     * @throws IllegalArgumentException when a TLS file cannot be used (the message names it)
     * @throws IllegalStateException    when a port cannot be bound, or the data directory cannot be used
     *                                  ({@link io.mqttools.broker.persistence.CorruptStoreException})
     */
    public RunningBroker start() {
        RocksStore disk = config.persistence().durable() ? RocksStore.open(config.persistence().dataDir()) : null;
        NettyServer server = new NettyServer();
        try {
            Router memoryRouter = router.get();
            RetainedStore memoryRetained = retained.get();
            SessionStore store = sessions.get();
            Router r = disk == null ? memoryRouter : new JournaledRouter(memoryRouter, store);
            RetainedStore rs = disk == null ? memoryRetained : new DurableRetainedStore(memoryRetained, disk);
            Durability durability = disk == null ? Durability.NONE : disk;
            DeliveryMetrics metrics = new DeliveryMetrics();
            MessageDistributor distributor = new MessageDistributor(r, rs, store, metrics, durability);
            SessionRegistry registry = new SessionRegistry(store, r, server.timers(), distributor,
                    config.limits().maxQueuedMessages(), durability);
            if (disk != null) {
                Recovery.Result loaded = new Recovery(disk, registry, memoryRouter, memoryRetained, distributor,
                        config.limits().maxQueuedMessages()).run();
                LoggerFactory.getLogger(Broker.class).info("loaded {} sessions, {} queued messages, {} retained "
                        + "messages from {} in {} ms ({} sessions had expired)", loaded.sessions(), loaded.queued(),
                        loaded.retained(), disk.directory(), loaded.millis(), loaded.expired());
            }
            Connections connections = new Connections();
            BrokerServices services = new BrokerServices(config.limits(), registry, distributor, r, rs, metrics,
                    connections, server.encodings(), authenticator, features);
            long sweep = features.retainedExpirySweep().toMillis();
            // expired retained messages on topics nobody subscribes to again would otherwise stay for ever
            server.timers().scheduleAtFixedRate(rs::removeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
            server.bind(config, services);
            return new RunningBroker(server, services, disk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(server, disk);
            throw new IllegalStateException("interrupted while binding", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            stop(server, disk);
            throw e;
        } catch (Exception e) { // bind failures arrive as (undeclared) checked exceptions from sync()
            stop(server, disk);
            throw new IllegalStateException("cannot listen on " + config.host() + " port " + config.port()
                    + (config.tls() == null ? "" : " or " + config.tls().port()) + ": " + e.getMessage(), e);
        }
    }

    private static void stop(NettyServer server, RocksStore disk) {
        server.close();
        if (disk != null) {
            disk.close();
        }
    }

    /** Builds a {@link Broker}; every setting has a default (localhost:1883, {@link Limits#DEFAULTS}). */
    public static final class Builder {
        private String host = "localhost";
        private int port = 1883;
        private TlsConfig tls;
        private SecurityConfig security = SecurityConfig.OPEN;
        private PersistenceConfig persistence = PersistenceConfig.IN_MEMORY;
        private int maxConnections = Limits.DEFAULTS.maxConnections();
        private int maxPacketSize = Limits.DEFAULTS.maxPacketSize();
        private int receiveMaximum = Limits.DEFAULTS.receiveMaximum();
        private int maxInflight = Limits.DEFAULTS.maxInflight();
        private int maxQueuedMessages = Limits.DEFAULTS.maxQueuedMessages();
        private int serverKeepAlive = Limits.DEFAULTS.serverKeepAlive();
        private long maxSessionExpiryInterval = Limits.DEFAULTS.maxSessionExpiryInterval();
        private int topicAliasMaximum = Limits.DEFAULTS.topicAliasMaximum();
        private int maxTopicLength = Limits.DEFAULTS.maxTopicLength();
        private int maxTopicLevels = Limits.DEFAULTS.maxTopicLevels();
        private Supplier<Router> router = SubscriptionTree::new;
        private Supplier<RetainedStore> retained = InMemoryRetainedStore::new;
        private Supplier<SessionStore> sessions = InMemorySessionStore::new;
        private Authenticator authenticator = Authenticator.ALLOW_ALL;
        private String responseInformation = Features.DEFAULTS.responseInformation();
        private Duration retainedExpirySweep = Features.DEFAULTS.retainedExpirySweep();

        private Builder() {
        }

        /** Takes every setting from a configuration. */
        public Builder config(BrokerConfig config) {
            host = config.host();
            port = config.port();
            tls = config.tls();
            security = config.security();
            persistence = config.persistence();
            return limits(config.limits());
        }

        /** Takes every limit from a record. */
        public Builder limits(Limits l) {
            maxConnections = l.maxConnections();
            maxPacketSize = l.maxPacketSize();
            receiveMaximum = l.receiveMaximum();
            maxInflight = l.maxInflight();
            maxQueuedMessages = l.maxQueuedMessages();
            serverKeepAlive = l.serverKeepAlive();
            maxSessionExpiryInterval = l.maxSessionExpiryInterval();
            topicAliasMaximum = l.topicAliasMaximum();
            maxTopicLength = l.maxTopicLength();
            maxTopicLevels = l.maxTopicLevels();
            return this;
        }

        /** The interface to listen on; "0.0.0.0" for all of them. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The plain TCP port; 0 picks a free one ({@link RunningBroker#port()} tells which). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Adds a TLS listener on {@code securePort} with PEM files. */
        public Builder tls(int securePort, Path caFile, Path certFile, Path keyFile, boolean requireClientCertificate) {
            this.tls = new TlsConfig(securePort, caFile, certFile, keyFile, requireClientCertificate);
            return this;
        }

        /** Password file, ACL file and anonymous access ({@link SecurityConfig#OPEN} by default). */
        public Builder security(SecurityConfig value) {
            security = Objects.requireNonNull(value, "security");
            return this;
        }

        /** Where sessions and retained messages are kept ({@link PersistenceConfig#IN_MEMORY} by default). */
        public Builder persistence(PersistenceConfig value) {
            persistence = Objects.requireNonNull(value, "persistence");
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** The largest packet accepted, advertised as Maximum Packet Size; larger ones get DISCONNECT 0x95. */
        public Builder maxPacketSize(int value) {
            maxPacketSize = value;
            return this;
        }

        /** Unacknowledged QoS 2 PUBLISHes accepted per client, advertised as Receive Maximum. */
        public Builder receiveMaximum(int value) {
            receiveMaximum = value;
            return this;
        }

        /** Unacknowledged QoS 1/2 PUBLISHes sent per client (also bounded by the client's Receive Maximum). */
        public Builder maxInflight(int value) {
            maxInflight = value;
            return this;
        }

        /** Messages queued per session beyond those in flight. */
        public Builder maxQueuedMessages(int value) {
            maxQueuedMessages = value;
            return this;
        }

        /** The largest keep alive allowed, in seconds (sent as Server Keep Alive to 5.0 clients); 0 = none. */
        public Builder serverKeepAlive(int seconds) {
            serverKeepAlive = seconds;
            return this;
        }

        public Builder maxSessionExpiryInterval(long seconds) {
            maxSessionExpiryInterval = seconds;
            return this;
        }

        /** Inbound topic aliases per 5.0 connection; 0 disables them. */
        public Builder topicAliasMaximum(int value) {
            topicAliasMaximum = value;
            return this;
        }

        public Builder maxTopicLength(int value) {
            maxTopicLength = value;
            return this;
        }

        public Builder maxTopicLevels(int value) {
            maxTopicLevels = value;
            return this;
        }

        /** The subscription index to use (a new one per start); the seam for a cluster layer. */
        public Builder router(Supplier<Router> value) {
            router = Objects.requireNonNull(value, "router");
            return this;
        }

        public Builder retainedStore(Supplier<RetainedStore> value) {
            retained = Objects.requireNonNull(value, "retainedStore");
            return this;
        }

        public Builder sessionStore(Supplier<SessionStore> value) {
            sessions = Objects.requireNonNull(value, "sessionStore");
            return this;
        }

        /** Who may connect; every client by default. */
        public Builder authenticator(Authenticator value) {
            authenticator = Objects.requireNonNull(value, "authenticator");
            return this;
        }

        /**
         * Sends Response Information (this prefix followed by the client id) in the CONNACK of a 5.0
         * client that sets Request Response Information to 1; none by default.
         */
        public Builder responseInformation(String prefix) {
            responseInformation = prefix;
            return this;
        }

        /** How often expired retained messages are removed from the store (10 s by default). */
        public Builder retainedExpirySweep(Duration interval) {
            retainedExpirySweep = Objects.requireNonNull(interval, "interval");
            return this;
        }

        private Limits limits() {
            return new Limits(maxConnections, maxPacketSize, receiveMaximum, maxInflight, maxQueuedMessages,
                    serverKeepAlive, maxSessionExpiryInterval, topicAliasMaximum, maxTopicLength, maxTopicLevels);
        }

        /** @throws IllegalArgumentException for a setting out of range */
        public Broker build() {
            return new Broker(this);
        }
    }
}
