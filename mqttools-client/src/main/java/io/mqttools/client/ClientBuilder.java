package io.mqttools.client;

import io.mqttools.client.internal.ClientSettings;
import io.mqttools.client.internal.MqttLimits;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Options of a {@link Client}; every one has a default. Not thread-safe; {@link #build()} copies.
 *
 * <pre>{@code
 * Client client = Client.builder("broker.hivemq.com", 1883)
 *         .clientId("my-client")
 *         .will("/my/last/will", Bytes.utf8("my-last-message"), QoS.EXACTLY_ONCE, false)
 *         .keepAlive(600)
 *         .responseTimeout(Duration.ofSeconds(30))
 *         .topicAliases(List.of("/my/topic"))
 *         .topicAliasMaximum(100)
 *         .sessionExpiryInterval(1800)
 *         .subscription("/my/commands/#")
 *         .build();
 * }</pre>
 */
public final class ClientBuilder {
    private final String host;
    private final int port;
    private String clientId;
    private ProtocolVersion version = ProtocolVersion.MQTT_5;
    private Will will;
    private int keepAliveSeconds = 60;
    private Duration responseTimeout = Duration.ofSeconds(5);
    private List<String> topicAliases = List.of();
    private int topicAliasMaximum = 10;
    private long sessionExpiryInterval;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private List<Duration> connectDelays = defaultDelays();
    private List<Duration> reconnectDelays = defaultDelays();
    private String username;
    private Bytes password;
    private ClientSettings.Tls tls;
    private String scramPassword;
    private int maxOutstanding = 1000;
    private Integer maxInFlight;
    private int maximumPacketSize = MqttLimits.MAX_PACKET_SIZE;
    private int eventQueueCapacity = 10_000;
    private Consumer<Message> onMessage;
    private ClientThreads threads;

    ClientBuilder(String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        this.port = port;
    }

    private static List<Duration> defaultDelays() {
        return List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    /** The client identifier; default {@code mqttools-} and the first 14 characters of a random UUID. */
    public ClientBuilder clientId(String id) {
        this.clientId = id;
        return this;
    }

    /** MQTT_5 (default) or MQTT_3_1_1 for brokers that do not speak 5.0. */
    public ClientBuilder protocolVersion(ProtocolVersion v) {
        if (v == ProtocolVersion.MQTT_3_1) {
            throw new IllegalArgumentException("the client speaks MQTT 5.0 and 3.1.1");
        }
        this.version = Objects.requireNonNull(v);
        return this;
    }

    /** A will the broker publishes when the connection ends without DISCONNECT. */
    public ClientBuilder will(String topic, Bytes message, QoS qos, boolean retain) {
        String problem = TopicName.validate(topic);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid will topic '" + topic + "': " + problem);
        }
        this.will = new Will(topic, message, qos, retain, Properties.EMPTY);
        return this;
    }

    /** Keep alive in seconds, 0..65535 (default 60; 0 disables). */
    public ClientBuilder keepAlive(int seconds) {
        if (seconds < 0 || seconds > 0xFFFF) {
            throw new IllegalArgumentException("keep alive must be 0..65535 seconds, not " + seconds);
        }
        this.keepAliveSeconds = seconds;
        return this;
    }

    /** How long to wait for the broker's answer to CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ (default 5 s). */
    public ClientBuilder responseTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the response timeout must be positive");
        }
        this.responseTimeout = timeout;
        return this;
    }

    /** Topics always published with a topic alias (MQTT 5), as far as the broker's maximum allows. */
    public ClientBuilder topicAliases(List<String> topics) {
        this.topicAliases = List.copyOf(topics);
        return this;
    }

    /** The largest topic alias the broker may use towards the client (MQTT 5; default 10, 0 for none). */
    public ClientBuilder topicAliasMaximum(int maximum) {
        if (maximum < 0 || maximum > 0xFFFF) {
            throw new IllegalArgumentException("topic alias maximum must be 0..65535, not " + maximum);
        }
        this.topicAliasMaximum = maximum;
        return this;
    }

    /** Session expiry interval in seconds, 0..0xFFFFFFFF (MQTT 5; default 0: the session ends with the connection). */
    public ClientBuilder sessionExpiryInterval(long seconds) {
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("session expiry interval must be 0..4294967295, not " + seconds);
        }
        this.sessionExpiryInterval = seconds;
        return this;
    }

    /** A subscription {@link Client#start()} applies (QoS 0). */
    public ClientBuilder subscription(String topicFilter) {
        return subscription(new Subscription(topicFilter, QoS.AT_MOST_ONCE));
    }

    /** A subscription {@link Client#start()} applies, with its retain handling (QoS 0). */
    public ClientBuilder subscription(String topicFilter, RetainHandling retainHandling) {
        return subscription(new Subscription(topicFilter, QoS.AT_MOST_ONCE, false, false, retainHandling));
    }

    /** A subscription {@link Client#start()} applies. */
    public ClientBuilder subscription(Subscription subscription) {
        String problem = TopicFilter.validate(subscription.topicFilter());
        if (problem != null) {
            throw new IllegalArgumentException("Invalid topic filter '" + subscription.topicFilter() + "': " + problem);
        }
        subscriptions.add(subscription);
        return this;
    }

    /**
     * Pauses between {@link Client#start()}'s connection attempts: each used once, the last repeated
     * until connected (default 1, 2, 4, 8 s); an empty list means one attempt.
     */
    public ClientBuilder connectDelays(List<Duration> delays) {
        this.connectDelays = List.copyOf(delays);
        return this;
    }

    /**
     * Pauses between automatic reconnect attempts after a lost connection, the last repeated until
     * connected (default 1, 2, 4, 8 s); an empty list turns automatic reconnect off.
     */
    public ClientBuilder reconnectDelays(List<Duration> delays) {
        this.reconnectDelays = List.copyOf(delays);
        return this;
    }

    public ClientBuilder username(String name) {
        this.username = name;
        return this;
    }

    public ClientBuilder password(byte[] bytes) {
        this.password = bytes == null ? null : Bytes.copyOf(bytes);
        return this;
    }

    /**
     * Authenticates with SCRAM-SHA-256 (RFC 5802, RFC 7677) over MQTT 5 enhanced authentication: the
     * CONNECT carries the Authentication Method {@code SCRAM-SHA-256} and the User Name {@code user}, never
     * the password; the client proves it knows the password and checks the broker's signature in the
     * CONNACK, refusing a broker that cannot make it. Replaces {@link #password}. The broker must hold a
     * SCRAM credential for the user ({@code mqttools passwd --scram}); MQTT 5 only.
     */
    public ClientBuilder scramSha256(String user, String password) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("SCRAM needs a user name");
        }
        this.username = user;
        this.password = null;
        this.scramPassword = Objects.requireNonNull(password, "password");
        return this;
    }

    /**
     * Connects over TLS.
     *
     * @param caFile        PEM CA certificates to trust, or null for the JVM's trust store
     * @param checkHostname whether the broker certificate must match the host name
     */
    public ClientBuilder tls(Path caFile, boolean checkHostname) {
        return tls(caFile, checkHostname, null, null);
    }

    /** Connects over TLS with a client certificate (PEM chain and PKCS#8 PEM key). */
    public ClientBuilder tls(Path caFile, boolean checkHostname, Path certificateFile, Path keyFile) {
        if ((certificateFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both the certificate and the key file");
        }
        this.tls = new ClientSettings.Tls(caFile, checkHostname, certificateFile, keyFile);
        return this;
    }

    /** How many publishes may be accepted and not yet complete before {@link Client#publish} blocks (default 1000). */
    public ClientBuilder maxOutstanding(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxOutstanding must be at least 1");
        }
        this.maxOutstanding = count;
        return this;
    }

    /**
     * How many QoS 1/2 publishes may be sent and not yet acknowledged. Default: 65535 in MQTT 5.0, where
     * the broker's Receive Maximum lowers it; 20 in 3.1.1, which has no Receive Maximum (20 is
     * mosquitto's default limit, beyond which it refuses messages and closes the connection).
     */
    public ClientBuilder maxInFlight(int count) {
        if (count < 1 || count > 0xFFFF) {
            throw new IllegalArgumentException("maxInFlight must be 1..65535, not " + count);
        }
        this.maxInFlight = count;
        return this;
    }

    /** The largest packet the client accepts (announced to MQTT 5 brokers); default: no limit. */
    public ClientBuilder maximumPacketSize(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("maximum packet size too small: " + bytes);
        }
        this.maximumPacketSize = bytes;
        return this;
    }

    /** Events that may wait in {@link Client#events()} before the client stops reading (default 10000). */
    public ClientBuilder eventQueueCapacity(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("event queue capacity must be at least 2");
        }
        this.eventQueueCapacity = capacity;
        return this;
    }

    /** See {@link Client#onMessage(Consumer)}. */
    public ClientBuilder onMessage(Consumer<Message> hook) {
        this.onMessage = hook;
        return this;
    }

    /**
     * Runs the client's connection on one of these shared threads instead of a thread of its own
     * (default: null, a thread of its own, started by {@link Client#start()} and ended by {@link Client#stop()}).
     */
    public ClientBuilder threads(ClientThreads shared) {
        this.threads = shared;
        return this;
    }

    public Client build() {
        if (scramPassword != null && !version.isV5()) {
            throw new IllegalArgumentException("SCRAM-SHA-256 needs MQTT 5 (enhanced authentication)");
        }
        String id = clientId != null ? clientId : "mqttools-" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        ClientSettings settings = new ClientSettings(host, port, id, version, will, keepAliveSeconds, responseTimeout,
                topicAliases, topicAliasMaximum, sessionExpiryInterval, subscriptions, connectDelays, reconnectDelays,
                username, password, maxOutstanding,
                maxInFlight != null ? maxInFlight : version.isV5() ? 0xFFFF : 20, maximumPacketSize, tls,
                scramPassword);
        return new Client(settings, onMessage, eventQueueCapacity, threads);
    }
}
