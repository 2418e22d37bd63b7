package io.mqttools.broker;

import io.mqttools.broker.config.Features;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.MetricsConfig;
import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.broker.config.TlsConfig;
import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.connection.Connections;
import io.mqttools.broker.dashboard.DashboardApi;
import io.mqttools.broker.dashboard.DashboardSampler;
import io.mqttools.broker.dashboard.HttpSite;
import io.mqttools.broker.dashboard.WebSocketEndpoint;
import io.mqttools.broker.metrics.MetricsCollector;
import io.mqttools.broker.metrics.RateHistory;
import io.mqttools.broker.metrics.SysPublisher;
import io.mqttools.broker.metrics.TopicRates;
import io.mqttools.broker.metrics.TrafficCounters;
import io.mqttools.broker.persistence.DurableRetainedStore;
import io.mqttools.broker.persistence.JournaledRouter;
import io.mqttools.broker.persistence.Recovery;
import io.mqttools.broker.persistence.RocksStore;
import io.mqttools.broker.routing.InMemoryRetainedStore;
import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.routing.SubscriptionTree;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.broker.security.Authorizer;
import io.mqttools.broker.security.ListenerSecurity;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.session.Durability;
import io.mqttools.broker.session.InMemorySessionStore;
import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.broker.session.SessionRegistry;
import io.mqttools.broker.session.SessionStore;
import io.mqttools.broker.transport.NettyServer;
import io.mqttools.protocol.packet.Publish;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private final Authorizer authorizer;

    private Broker(Builder b) {
        this.config = new BrokerConfig(b.listeners(), b.limits(), b.security, b.persistence,
                new Features(b.responseInformation, b.retainedExpirySweep, b.retainAvailable, b.connectionMessages,
                        b.ioThreads),
                b.metrics);
        this.router = b.router;
        this.retained = b.retained;
        this.sessions = b.sessions;
        this.authenticator = b.authenticator;
        this.authorizer = b.authorizer;
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
     * @throws IllegalArgumentException when a TLS, password or ACL file cannot be used (the message names it)
     * @throws IllegalStateException    when a port cannot be bound, or the data directory cannot be used
     *                                  ({@link io.mqttools.broker.persistence.CorruptStoreException})
     */
    public RunningBroker start() {
        // an authenticator or authorizer set on the builder wins over the files of config.security()
        ListenerSecurity security = ListenerSecurity.open(config.security(), config.listeners(), authenticator == null,
                authorizer == null);
        RocksStore disk;
        try {
            disk = config.persistence().durable() ? RocksStore.open(config.persistence().dataDir()) : null;
        } catch (RuntimeException e) {
            security.close();
            throw e;
        }
        Features features = config.features();
        NettyServer server = new NettyServer(features.effectiveIoThreads());
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
                    config.limits().maxQueuedMessages(), config.limits().maxQueuedBytes(), durability);
            if (disk != null) {
                Recovery.Result loaded = new Recovery(disk, registry, memoryRouter, memoryRetained, distributor,
                        config.limits().maxQueuedMessages(), config.limits().maxQueuedBytes()).run();
                LoggerFactory.getLogger(Broker.class).info("loaded {} sessions, {} queued messages, {} retained "
                        + "messages from {} in {} ms ({} sessions had expired)", loaded.sessions(), loaded.queued(),
                        loaded.retained(), disk.directory(), loaded.millis(), loaded.expired());
            }
            Connections connections = new Connections();
            // per-topic counts only for the dashboard, which comes with the HTTP port
            TrafficCounters traffic = new TrafficCounters(new TopicRates(config.metrics().httpEnabled()));
            BrokerServices services = new BrokerServices(config.limits(), registry, distributor, r, rs, metrics,
                    connections, server.encodings(),
                    authenticator != null ? authenticator : security.broker().authenticator(),
                    authorizer != null ? authorizer : security.broker().authorizer(), features, traffic);
            MetricsCollector collector = new MetricsCollector(traffic, metrics, registry, store, r, rs);
            long sweep = features.retainedExpirySweep().toMillis();
            // expired retained messages on topics nobody subscribes to again would otherwise stay for ever
            server.timers().scheduleAtFixedRate(rs::removeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
            server.bind(config, i -> !security.hasOwn(i) ? services : services.withSecurity(
                    authenticator != null ? authenticator : security.listener(i).authenticator(),
                    authorizer != null ? authorizer : security.listener(i).authorizer()));
            startMetrics(server, distributor, collector, services);
            return new RunningBroker(server, services, security, collector, disk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(server, security, disk);
            throw new IllegalStateException("interrupted while binding", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            stop(server, security, disk);
            throw e;
        } catch (Exception e) { // bind failures arrive as (undeclared) checked exceptions from sync()
            stop(server, security, disk);
            throw new IllegalStateException("cannot listen on " + server.binding() + ": " + e.getMessage(), e);
        }
    }

    private static void stop(NettyServer server, ListenerSecurity security, RocksStore disk) {
        server.close();
        security.close();
        if (disk != null) {
            disk.close();
        }
    }

    /** The $SYS publisher on one event loop, and the HTTP listener (metrics, dashboard) if one is asked for. */
    private void startMetrics(NettyServer server, MessageDistributor distributor, MetricsCollector collector,
                              BrokerServices services) throws InterruptedException {
        MetricsConfig m = config.metrics();
        if (m.sysEnabled()) {
            // retained, as mosquitto does, unless the broker keeps no retained messages at all
            boolean retain = config.features().retainAvailable();
            SysPublisher sys = new SysPublisher(collector::snapshot, p -> distributor.publish(retain ? p
                    : new Publish(p.topic(), p.qos(), false, false, p.packetId(), p.payload(), p.properties()),
                    null, null), System::nanoTime);
            long interval = m.sysInterval().toMillis();
            server.timers().scheduleAtFixedRate(sys, 0, interval, TimeUnit.MILLISECONDS);
        }
        if (m.httpEnabled()) {
            RateHistory history = new RateHistory();
            long sample = DashboardSampler.INTERVAL_MILLIS;
            server.timers().scheduleAtFixedRate(new DashboardSampler(services.traffic(), history,
                    System::currentTimeMillis), 0, sample, TimeUnit.MILLISECONDS);
            DashboardApi api = new DashboardApi(new DashboardApi.Sources(collector::snapshot, services.connections(),
                    services.router(), services.traffic().topics(), history, webSockets(server), sample));
            // on the interface of the first listener (every interface when that one has none)
            server.bindHttp(config.listeners().get(0).host(), m.httpPort(), new HttpSite(collector::snapshot, api));
        }
    }

    /** The bound WebSocket listeners, for the dashboard's test client. */
    private static List<WebSocketEndpoint> webSockets(NettyServer server) {
        List<WebSocketEndpoint> out = new ArrayList<>();
        List<Listener> listeners = server.listeners();
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).protocol() == Listener.Protocol.WEBSOCKETS) {
                out.add(new WebSocketEndpoint(server.ports().get(i), listeners.get(i).secure()));
            }
        }
        return out;
    }

    /**
     * Builds a {@link Broker}; every setting has a default (localhost:1883, {@link Limits#DEFAULTS}).
     * The listeners are those given with {@link #listener}/{@link #listeners}; when none is, they are
     * the plain listener of {@link #host}/{@link #port} and the TLS listener of {@link #tls}, if any.
     */
    public static final class Builder {
        private String host = "localhost";
        private int port = 1883;
        private int securePort = -1;
        private TlsConfig tls;
        private final List<Listener> listeners = new ArrayList<>();
        private SecurityConfig security = SecurityConfig.OPEN;
        private PersistenceConfig persistence = PersistenceConfig.IN_MEMORY;
        private MetricsConfig metrics = MetricsConfig.DEFAULTS;
        private int maxConnections = Limits.DEFAULTS.maxConnections();
        private int maxPacketSize = Limits.DEFAULTS.maxPacketSize();
        private int receiveMaximum = Limits.DEFAULTS.receiveMaximum();
        private int maxInflight = Limits.DEFAULTS.maxInflight();
        private int maxQueuedMessages = Limits.DEFAULTS.maxQueuedMessages();
        private long maxQueuedBytes = Limits.DEFAULTS.maxQueuedBytes();
        private int serverKeepAlive = Limits.DEFAULTS.serverKeepAlive();
        private long maxSessionExpiryInterval = Limits.DEFAULTS.maxSessionExpiryInterval();
        private int topicAliasMaximum = Limits.DEFAULTS.topicAliasMaximum();
        private int maxTopicLength = Limits.DEFAULTS.maxTopicLength();
        private int maxTopicLevels = Limits.DEFAULTS.maxTopicLevels();
        private Supplier<Router> router = SubscriptionTree::new;
        private Supplier<RetainedStore> retained = InMemoryRetainedStore::new;
        private Supplier<SessionStore> sessions = InMemorySessionStore::new;
        /** Null: made from the security settings (everyone in without a password file). */
        private Authenticator authenticator;
        private Authorizer authorizer;
        private String responseInformation = Features.DEFAULTS.responseInformation();
        private Duration retainedExpirySweep = Features.DEFAULTS.retainedExpirySweep();
        private boolean retainAvailable = Features.DEFAULTS.retainAvailable();
        private boolean connectionMessages = Features.DEFAULTS.connectionMessages();
        private int ioThreads = Features.DEFAULTS.ioThreads();

        private Builder() {
        }

        /** Takes every setting from a configuration. */
        public Builder config(BrokerConfig config) {
            listeners(config.listeners());
            security = config.security();
            persistence = config.persistence();
            responseInformation = config.features().responseInformation();
            retainedExpirySweep = config.features().retainedExpirySweep();
            retainAvailable = config.features().retainAvailable();
            connectionMessages = config.features().connectionMessages();
            ioThreads = config.features().ioThreads();
            metrics = config.metrics();
            return limits(config.limits());
        }

        /** Adds a listener; once one is added, {@link #host}, {@link #port} and {@link #tls} are not used. */
        public Builder listener(Listener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Replaces the listeners given so far with these. */
        public Builder listeners(List<Listener> values) {
            listeners.clear();
            values.forEach(this::listener);
            return this;
        }

        /** Takes every limit from a record. */
        public Builder limits(Limits l) {
            maxConnections = l.maxConnections();
            maxPacketSize = l.maxPacketSize();
            receiveMaximum = l.receiveMaximum();
            maxInflight = l.maxInflight();
            maxQueuedMessages = l.maxQueuedMessages();
            maxQueuedBytes = l.maxQueuedBytes();
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

        /** Adds a TLS listener on {@code securePort} with PEM files, on the {@link #host} of the plain one. */
        public Builder tls(int securePort, Path caFile, Path certFile, Path keyFile, boolean requireClientCertificate) {
            if (securePort < 0 || securePort > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, not " + securePort);
            }
            this.securePort = securePort;
            this.tls = TlsConfig.of(caFile, certFile, keyFile, requireClientCertificate);
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

        /** The $SYS interval and the Prometheus HTTP port ({@link MetricsConfig#DEFAULTS} by default). */
        public Builder metrics(MetricsConfig value) {
            metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /**
         * How often the broker publishes its $SYS topics (10 s by default); {@link Duration#ZERO} publishes none.
         *
         * @throws IllegalArgumentException for a negative interval
         */
        public Builder sysInterval(Duration interval) {
            metrics = new MetricsConfig(interval, metrics.httpPort());
            return this;
        }

        /**
         * Serves Prometheus metrics at {@code http://host:port/metrics} (off by default); 0 picks a free
         * port ({@link RunningBroker#httpPort()} tells which), {@link MetricsConfig#HTTP_OFF} turns it off.
         *
         * @throws IllegalArgumentException for a port out of range
         */
        public Builder httpPort(int port) {
            metrics = new MetricsConfig(metrics.sysInterval(), port);
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

        /** Payload bytes queued per session beyond those in flight; 0 = no byte bound (count bound only). */
        public Builder maxQueuedBytes(long value) {
            maxQueuedBytes = value;
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

        /**
         * Who may connect, instead of the password file of {@link #security}; by default that file decides,
         * and without one every client may connect.
         */
        public Builder authenticator(Authenticator value) {
            authenticator = Objects.requireNonNull(value, "authenticator");
            return this;
        }

        /**
         * What clients may publish, subscribe to and receive, instead of the ACL file of {@link #security};
         * by default that file decides, and without one everything is allowed.
         */
        public Builder authorizer(Authorizer value) {
            authorizer = Objects.requireNonNull(value, "authorizer");
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

        /**
         * Whether retained messages are supported (true by default). Without them CONNACK says Retain
         * Available 0, a retained PUBLISH gets DISCONNECT 0x9A and a retained will CONNACK 0x9A.
         */
        public Builder retainAvailable(boolean value) {
            retainAvailable = value;
            return this;
        }

        /** Whether each connect and disconnect is logged at info (default true; mosquitto's connection_messages). */
        public Builder connectionMessages(boolean value) {
            connectionMessages = value;
            return this;
        }

        /**
         * The event loops that own the connections (and run the timers): 1 or more, or 0 (the default) for
         * {@link Features#defaultIoThreads()}, half the processors. More loops carry more messages per
         * second on a big machine; a message between connections of different loops waits for a wake-up.
         */
        public Builder ioThreads(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("ioThreads must be 1 or more (0 for the default), not " + value);
            }
            ioThreads = value;
            return this;
        }

        private List<Listener> listeners() {
            if (!listeners.isEmpty()) {
                return listeners;
            }
            List<Listener> implicit = new ArrayList<>();
            implicit.add(Listener.mqtt(host, port));
            if (tls != null) {
                implicit.add(new Listener(host, securePort, Listener.Protocol.MQTT, tls));
            }
            return implicit;
        }

        private Limits limits() {
            return new Limits(maxConnections, maxPacketSize, receiveMaximum, maxInflight, maxQueuedMessages,
                    serverKeepAlive, maxSessionExpiryInterval, topicAliasMaximum, maxTopicLength, maxTopicLevels,
                    maxQueuedBytes);
        }

        /** @throws IllegalArgumentException for a setting out of range */
        public Broker build() {
            return new Broker(this);
        }
    }
}
