package io.mqttools.client.internal;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a client connection needs, as validated by the public builder. Immutable.
 *
 * @param will                  the will, or null
 * @param sessionExpiryInterval seconds, 0..0xFFFFFFFF (MQTT 5 only)
 * @param topicAliases          topics always published with an alias
 * @param topicAliasMaximum     the largest alias the broker may set towards us (MQTT 5), 0 for none
 * @param subscriptions         applied by start() when the broker has no session for us
 * @param connectDelays         pauses between start()'s attempts; the last repeats; empty: one attempt
 * @param reconnectDelays       pauses between automatic reconnect attempts; empty: no reconnect
 * @param maxOutstanding        publishes accepted but not yet completed before publish() blocks
 * @param maxInFlight           QoS 1/2 publishes sent and not yet acknowledged, at most (the broker's Receive
 *                              Maximum lowers it in MQTT 5)
 * @param tls                   TLS settings, or null for plain TCP
 * @param scramPassword         the password for SCRAM-SHA-256 enhanced authentication (MQTT 5) as {@code username},
 *                              or null to send {@code username} and {@code password} in the CONNECT as they are
 */
public record ClientSettings(String host, int port, String clientId, ProtocolVersion version, Will will,
                             int keepAliveSeconds, Duration responseTimeout, List<String> topicAliases,
                             int topicAliasMaximum, long sessionExpiryInterval, List<Subscription> subscriptions,
                             List<Duration> connectDelays, List<Duration> reconnectDelays, String username,
                             Bytes password, int maxOutstanding, int maxInFlight, int maximumPacketSize, Tls tls,
                             String scramPassword) {
    public ClientSettings {
        topicAliases = List.copyOf(topicAliases);
        subscriptions = List.copyOf(subscriptions);
        connectDelays = List.copyOf(connectDelays);
        reconnectDelays = List.copyOf(reconnectDelays);
    }

    /** Without SCRAM. */
    public ClientSettings(String host, int port, String clientId, ProtocolVersion version, Will will,
                          int keepAliveSeconds, Duration responseTimeout, List<String> topicAliases,
                          int topicAliasMaximum, long sessionExpiryInterval, List<Subscription> subscriptions,
                          List<Duration> connectDelays, List<Duration> reconnectDelays, String username,
                          Bytes password, int maxOutstanding, int maxInFlight, int maximumPacketSize, Tls tls) {
        this(host, port, clientId, version, will, keepAliveSeconds, responseTimeout, topicAliases, topicAliasMaximum,
                sessionExpiryInterval, subscriptions, connectDelays, reconnectDelays, username, password, maxOutstanding,
                maxInFlight, maximumPacketSize, tls, null);
    }

    /**
     * @param caFile          PEM file of trusted CA certificates, or null for the JVM's default trust store
     * @param checkHostname   whether the broker's certificate must name the host
     * @param certificateFile PEM client certificate chain, or null
     * @param keyFile         PEM PKCS#8 private key of the client certificate, or null
     */
    public record Tls(Path caFile, boolean checkHostname, Path certificateFile, Path keyFile) {
    }

    /** "host:port" as the CLI prints it. */
    public String address() {
        return host + ":" + port;
    }
}
