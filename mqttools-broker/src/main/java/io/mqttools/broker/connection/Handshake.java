package io.mqttools.broker.connection;

import io.mqttools.broker.config.Limits;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CONNECT checks and the CONNACK: client identifier rules, session expiry, keep alive, the
 * client's flow-control properties, and CONNACK properties that say what the broker really does.
 * Confined to the event loop.
 */
final class Handshake {
    /** The settings agreed for a connection that may proceed; {@code refusal} is null then. */
    record Outcome(ReasonCode refusal, String why, boolean assignedId, int keepAlive, long requestedExpiry) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    private final Connection conn;

    Handshake(Connection conn) {
        this.conn = conn;
    }

    /** Validates the CONNECT and fills the connection's settings; a refusal says which CONNACK to send. */
    Outcome accept(Connect connect) {
        Limits limits = conn.services.limits();
        ProtocolVersion version = connect.version();
        if (conn.services.connections().count() > limits.maxConnections()) {
            return refuse(version.isV5() ? ReasonCode.SERVER_BUSY : ReasonCode.SERVER_UNAVAILABLE, "too many connections");
        }
        Properties props = connect.properties();
        String clientId = connect.clientId();
        boolean assigned = false;
        if (clientId.isEmpty()) {
            if (!connect.cleanStart() && !version.isV5()) {
                // [MQTT-3.1.3-8] 3.1.1: an empty client id needs Clean Session
                return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "empty client id without clean session");
            }
            if (version == ProtocolVersion.MQTT_3_1) {
                return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "empty client id in MQTT 3.1");
            }
            clientId = "mqttools-" + UUID.randomUUID(); // [MQTT-3.1.3-6] a unique id the server assigns
            assigned = true;
        } else if (version == ProtocolVersion.MQTT_3_1 && clientId.length() > 23) {
            return refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "MQTT 3.1 client ids are 1..23 characters");
        }
        if (props.has(PropertyId.AUTHENTICATION_METHOD)) {
            String method = props.getString(PropertyId.AUTHENTICATION_METHOD);
            if (!conn.auth().begin(clientId, connect.username(), method)) {
                return refuse(ReasonCode.BAD_AUTHENTICATION_METHOD, "authentication method " + method + " not supported");
            }
        }
        if (connect.will() != null) {
            String problem = TopicName.validate(connect.will().topic());
            if (problem == null) {
                problem = TopicLimits.check(connect.will().topic(), limits);
            }
            if (problem != null) {
                return refuse(ReasonCode.TOPIC_NAME_INVALID, "will topic: " + problem);
            }
            if (connect.will().retain() && !conn.services.features().retainAvailable()) {
                // [MQTT-3.2.2-13] a retained will on a server without retained messages is refused
                return refuse(version.isV5() ? ReasonCode.RETAIN_NOT_SUPPORTED : ReasonCode.SERVER_UNAVAILABLE,
                        "retained will, but retained messages are not available");
            }
        }
        long requested = version.isV5()
                ? props.getInt(PropertyId.SESSION_EXPIRY_INTERVAL, 0)
                : connect.cleanStart() ? 0 : Limits.NEVER_EXPIRE; // 3.1.1: a persistent session lasts until clean
        int keepAlive = connect.keepAlive();
        if (version.isV5() && limits.serverKeepAlive() > 0
                && (keepAlive == 0 || keepAlive > limits.serverKeepAlive())) {
            keepAlive = limits.serverKeepAlive(); // [MQTT-3.2.2-21] sent as Server Keep Alive
        }
        conn.clientId = clientId;
        conn.username = connect.username();
        conn.bridge = connect.bridge();
        conn.will = connect.will();
        conn.sessionExpiry = Math.min(requested, limits.maxSessionExpiryInterval());
        conn.sendQuota = (int) Math.min(props.getInt(PropertyId.RECEIVE_MAXIMUM, 65_535), limits.maxInflight());
        conn.clientMaxPacketSize = props.getInt(PropertyId.MAXIMUM_PACKET_SIZE, 0);
        conn.clientTopicAliasMaximum = (int) props.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0);
        conn.requestProblemInformation = props.getInt(PropertyId.REQUEST_PROBLEM_INFORMATION, 1) != 0;
        return new Outcome(null, null, assigned, keepAlive, requested);
    }

    /**
     * The authenticator's check of a CONNECT without an Authentication Method, made after {@link #accept};
     * it may answer later, from another thread.
     */
    CompletableFuture<ReasonCode> checkCredentials(Connect connect) {
        try {
            return conn.services.authenticator().check(conn.clientId, connect.username(), connect.password())
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Once the client is authenticated: its read check for deliveries, and its will dropped when it may
     * not publish to the will's topic (mosquitto accepts such a CONNECT and never sends the will).
     */
    void authorised() {
        conn.access = TopicAccess.of(conn.services.authorizer(), conn.clientId, conn.username);
        if (conn.will != null && conn.access != null && !conn.access.canWrite(conn.will.topic())) {
            LOG.info("{}: will on {} dropped: not authorized", conn.describe(), conn.will.topic());
            conn.will = null;
        }
    }

    /** The success CONNACK, with the 5.0 properties describing this broker. */
    ConnAck connAck(Outcome outcome, boolean sessionPresent, Connect connect) {
        if (!conn.isV5()) {
            return new ConnAck(sessionPresent, ReasonCode.SUCCESS, Properties.EMPTY);
        }
        Limits limits = conn.services.limits();
        Properties.Builder b = Properties.builder()
                .set(PropertyId.RECEIVE_MAXIMUM, limits.receiveMaximum())
                .set(PropertyId.MAXIMUM_PACKET_SIZE, limits.maxPacketSize())
                .set(PropertyId.RETAIN_AVAILABLE, conn.services.features().retainAvailable() ? 1 : 0)
                .set(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, 1)
                .set(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1)
                .set(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, 1);
        if (limits.topicAliasMaximum() > 0) {
            b.set(PropertyId.TOPIC_ALIAS_MAXIMUM, limits.topicAliasMaximum());
        }
        if (outcome.keepAlive() != connect.keepAlive()) {
            b.set(PropertyId.SERVER_KEEP_ALIVE, outcome.keepAlive());
        }
        if (outcome.assignedId()) {
            b.set(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, conn.clientId); // [MQTT-3.2.2-16]
        }
        conn.addAuthToConnAck(b);
        String responseInformation = conn.services.features().responseInformation();
        if (responseInformation != null
                && connect.properties().getInt(PropertyId.REQUEST_RESPONSE_INFORMATION, 0) == 1) {
            // [MQTT-3.1.2-28] only when the client asked for it; a basis for its response topics
            b.set(PropertyId.RESPONSE_INFORMATION, responseInformation + conn.clientId);
        }
        if (conn.sessionExpiry != outcome.requestedExpiry()) {
            b.set(PropertyId.SESSION_EXPIRY_INTERVAL, conn.sessionExpiry); // the server's limit applies
        }
        ConnAck full = new ConnAck(sessionPresent, ReasonCode.SUCCESS, b.build());
        long clientMax = conn.clientMaxPacketSize;
        if (clientMax > 0 && PacketEncoder.encodedSize(ProtocolVersion.MQTT_5, full) > clientMax) {
            // [MQTT-3.1.2-24] no packet above the client's maximum: the four "available" flags only
            // repeat what their absence means, so a small client gets the CONNACK without them
            b.remove(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE)
                    .remove(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE).remove(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE);
            if (conn.services.features().retainAvailable()) {
                b.remove(PropertyId.RETAIN_AVAILABLE); // 0 must stay: its absence would mean available
            }
            return new ConnAck(sessionPresent, ReasonCode.SUCCESS, b.build());
        }
        return full;
    }

    /**
     * The CONNACK refusing a CONNECT: in 5.0 with the reason as a Reason String, unless the client set
     * Request Problem Information to 0 or its Maximum Packet Size is too small for it.
     */
    static ConnAck refusal(Connect connect, Outcome outcome) {
        Properties props = connect.properties();
        if (!connect.version().isV5() || outcome.why() == null
                || props.getInt(PropertyId.REQUEST_PROBLEM_INFORMATION, 1) == 0) {
            return new ConnAck(false, outcome.refusal(), Properties.EMPTY);
        }
        ConnAck withReason = new ConnAck(false, outcome.refusal(),
                Properties.builder().set(PropertyId.REASON_STRING, outcome.why()).build());
        long max = props.getInt(PropertyId.MAXIMUM_PACKET_SIZE, 0);
        if (max > 0 && PacketEncoder.encodedSize(connect.version(), withReason) > max) {
            return new ConnAck(false, outcome.refusal(), Properties.EMPTY); // [MQTT-3.1.2-25] never too large
        }
        return withReason;
    }

    /** A refusal with this CONNACK code and why. */
    static Outcome refuse(ReasonCode code, String why) {
        return new Outcome(code, why, false, 0, 0);
    }
}
