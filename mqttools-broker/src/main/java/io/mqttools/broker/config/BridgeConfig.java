package io.mqttools.broker.config;

import io.mqttools.protocol.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One mosquitto {@code connection} block: a bridge from this broker to a remote one. The broker does not
 * run bridges itself; the bridge module does, as a client of the remote broker and an in-process client
 * of this one.
 *
 * @param name            the connection name
 * @param addresses       the remote broker's addresses, tried in turn when a connection fails (at least one)
 * @param topics          what crosses the bridge (at least one)
 * @param cleanSession    connect to the remote broker with a clean session (false: mosquitto's default)
 * @param remoteClientId  the client id on the remote broker
 * @param localClientId   the client id of the bridge's session on this broker
 * @param remoteUsername  the user name on the remote broker, or null
 * @param remotePassword  the password on the remote broker, or null
 * @param keepAlive       seconds between PINGREQs when idle (5..65535)
 * @param protocolVersion MQTT 3.1.1 (mosquitto's default) or 5.0 towards the remote broker
 * @param tryPrivate      tell a 3.1.1 remote broker that this is a bridge (protocol level 0x84), so that it
 *                        does not send the bridge's own messages back and keeps their retain flag
 * @param notifications   where and whether the connection state is published
 * @param restart         the pause before reconnecting
 * @param once            start_type once: not restarted after the connection fails
 * @param outgoingRetain  keep the retain flag of messages sent to the remote broker (bridge_outgoing_retain)
 * @param tls             TLS towards the remote broker, or null for plain TCP
 */
public record BridgeConfig(String name, List<Address> addresses, List<BridgeTopic> topics, boolean cleanSession,
                           String remoteClientId, String localClientId, String remoteUsername,
                           String remotePassword, int keepAlive, ProtocolVersion protocolVersion,
                           boolean tryPrivate, Notifications notifications, RestartTimeout restart, boolean once,
                           boolean outgoingRetain, Tls tls) {
    public BridgeConfig {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        topics = List.copyOf(topics);
        Objects.requireNonNull(remoteClientId, "remoteClientId");
        Objects.requireNonNull(localClientId, "localClientId");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(restart, "restart");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("bridge " + name + " needs an address");
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("bridge " + name + " needs at least one topic");
        }
        if (remotePassword != null && remoteUsername == null) {
            throw new IllegalArgumentException("bridge " + name + ": remote_password needs remote_username");
        }
    }

    /** Every setting, the password masked: configurations end up in logs. */
    @Override
    public String toString() {
        return "BridgeConfig[name=" + name + ", addresses=" + addresses + ", topics=" + topics + ", cleanSession="
                + cleanSession + ", remoteClientId=" + remoteClientId + ", localClientId=" + localClientId
                + ", remoteUsername=" + remoteUsername + ", remotePassword=" + (remotePassword == null ? null : "***")
                + ", keepAlive=" + keepAlive + ", protocolVersion=" + protocolVersion + ", tryPrivate=" + tryPrivate
                + ", notifications=" + notifications + ", restart=" + restart + ", once=" + once + ", outgoingRetain="
                + outgoingRetain + ", tls=" + tls + "]";
    }

    /** A remote broker's host and port. */
    public record Address(String host, int port) {
        public Address {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * The connection state messages: retained {@code 1} when connected, {@code 0} when not, on this broker
     * and (unless {@code localOnly}) on the remote one, where a will publishes the {@code 0}.
     *
     * @param enabled   publish them (true by default)
     * @param localOnly only on this broker
     * @param topic     the topic, by default {@code $SYS/broker/connection/<remote_clientid>/state}
     */
    public record Notifications(boolean enabled, boolean localOnly, String topic) {
        public Notifications {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * The pause before a reconnect: constant when {@code base} equals {@code cap}, else mosquitto's
     * "decorrelated jitter" backoff from {@code base} up to {@code cap}.
     */
    public record RestartTimeout(Duration base, Duration cap) {
        /** mosquitto's default: jitter from 5 s up to 30 s. */
        public static final RestartTimeout DEFAULT = new RestartTimeout(Duration.ofSeconds(5), Duration.ofSeconds(30));

        public RestartTimeout {
            if (base.isNegative() || cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("restart_timeout needs 0 <= base <= cap");
            }
        }

        /** The next pause after {@code previous} (null for the first), with {@code random} in [0, 1). */
        public Duration next(Duration previous, double random) {
            if (base.equals(cap) || previous == null) {
                return base;
            }
            long low = base.toMillis();
            long high = Math.max(low, previous.toMillis() * 3);
            return Duration.ofMillis(Math.min(cap.toMillis(), low + (long) (random * (high - low))));
        }
    }

    /**
     * TLS towards the remote broker.
     *
     * @param caFile     PEM CA certificates the remote broker's certificate must chain to, or null
     * @param caPath     a directory of PEM CA certificates, or null (one of the two is needed)
     * @param certFile   the bridge's client certificate (PEM), or null
     * @param keyFile    its private key (PEM), or null
     * @param insecure   do not check that the certificate names the host
     * @param tlsVersion tlsv1.3, tlsv1.2 or tlsv1.1, or null for TLS 1.2 and 1.3
     */
    public record Tls(Path caFile, Path caPath, Path certFile, Path keyFile, boolean insecure, String tlsVersion) {
        public Tls {
            if (caFile == null && caPath == null) {
                throw new IllegalArgumentException("TLS needs bridge_cafile or bridge_capath");
            }
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("bridge_certfile and bridge_keyfile go together");
            }
            if (tlsVersion != null && !TlsConfig.VERSIONS.contains(tlsVersion)) {
                throw new IllegalArgumentException("bridge_tls_version must be tlsv1.3, tlsv1.2 or tlsv1.1");
            }
        }
    }
}
