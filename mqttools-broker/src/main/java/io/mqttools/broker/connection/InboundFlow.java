package io.mqttools.broker.connection;

import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Messages from the client: topic aliases, validation, hand-off to the distributor, and the QoS 1 and
 * 2 acknowledgement flows of the receiver, with exactly-once for QoS 2 (the packet id is remembered
 * until PUBREL, and a PUBLISH re-sent with it is acknowledged but not delivered again). Confined to
 * the event loop.
 *
 * <p>While the {@link Throttle} is paused, QoS 1/2 PUBLISHes are parked unacknowledged, at most the
 * advertised Receive Maximum of them; a 3.1.1 client, which has no such limit, that sends more has its
 * socket reads stopped until the pause ends. A QoS 0 PUBLISH, which has no acknowledgement to withhold,
 * is parked too and the socket reads stop, so that fast QoS 0 publishers wait for a slow subscriber
 * instead of losing most of their messages at its queue bound. A subscriber that has stopped reading
 * would hold them for ever, and two clients that each read and write on one thread could deadlock: after
 * {@link #QOS0_STALL_MILLIS} the parked QoS 0 messages go on (full queues drop their oldest ones, counted)
 * and reads resume, QoS 0 passing through until the pause ends.
 */
final class InboundFlow {
    private static final String NOT_UTF8 = "Payload Format Indicator is 1 but the payload is not UTF-8";
    private final Connection conn;
    private final Throttle throttle;
    /** The client's topic aliases, made at its first alias (3.1.1 clients and most 5.0 ones have none). */
    private Map<Integer, String> topicAliases;
    /** How long a paused QoS 0 publisher's reads stay stopped at most. */
    static final long QOS0_STALL_MILLIS = 1_000;
    /**
     * The PUBLISHes held while paused, oldest first; made at the first one parked and kept: only a paused
     * publisher parks (an empty ArrayDeque is 48 B or more). Add through {@link #parked()}.
     */
    private ArrayDeque<Publish> parked;
    /** QoS 1/2 PUBLISHes among the parked ones. */
    private int parkedAcknowledged;
    /** Reads are stopped because a QoS 0 PUBLISH is parked; the stall's timer is armed. */
    private boolean qos0Stalled;
    /** The stall outlasted its limit: QoS 0 PUBLISHes pass until nothing is parked any more. */
    private boolean qos0Overflow;
    /** Counts stalls, so that a timer of an ended one does nothing. */
    private int stalls;

    InboundFlow(Connection conn) {
        this.conn = conn;
        this.throttle = new Throttle(conn, this::resume);
    }

    void onPublish(Publish publish) {
        if (publish.retain() && !conn.services.features().retainAvailable()) {
            // 3.3.1.3: after Retain Available 0, a retained PUBLISH gets DISCONNECT 0x9A (3.1.1: the connection closes)
            conn.disconnect(ReasonCode.RETAIN_NOT_SUPPORTED, "retained messages are not available");
            return;
        }
        boolean holding = throttle.paused() || !nothingParked();
        if (holding && publish.qos() == QoS.AT_MOST_ONCE) {
            if (qos0Overflow) {
                process(publish);
            } else {
                parkQos0(publish);
            }
            return;
        }
        if (holding) {
            park(publish);
            return;
        }
        process(publish);
    }

    private ArrayDeque<Publish> parked() {
        if (parked == null) {
            parked = new ArrayDeque<>(4);
        }
        return parked;
    }

    private boolean nothingParked() {
        return parked == null || parked.isEmpty();
    }

    private void parkQos0(Publish publish) {
        parked().add(publish);
        if (!qos0Stalled) {
            qos0Stalled = true;
            conn.ctx.channel().config().setAutoRead(false);
            int stall = ++stalls;
            conn.ctx.executor().schedule(() -> stallTimedOut(stall), QOS0_STALL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The QoS 0 stall lasted too long: its parked QoS 0 messages go on now (ahead of parked QoS 1/2 ones:
     * MQTT orders messages of one QoS, not across QoS levels) and reads resume.
     */
    private void stallTimedOut(int stall) {
        if (stall != stalls || !qos0Stalled || conn.isClosing()) {
            return;
        }
        conn.services.metrics().qos0StallEnded();
        qos0Stalled = false;
        qos0Overflow = true;
        ArrayDeque<Publish> acknowledged = new ArrayDeque<>(parkedAcknowledged);
        for (Publish p; (p = parked().poll()) != null; ) {
            if (p.qos() == QoS.AT_MOST_ONCE) {
                process(p);
            } else {
                acknowledged.add(p);
            }
        }
        parked().addAll(acknowledged);
        if (parkedAcknowledged < conn.services.limits().receiveMaximum()) {
            conn.ctx.channel().config().setAutoRead(true);
        }
        conn.flush();
    }

    private void park(Publish publish) {
        if (parkedAcknowledged >= conn.services.limits().receiveMaximum()) {
            if (conn.isV5()) {
                // [MQTT-3.3.4-7] the client sent more unacknowledged QoS > 0 PUBLISHes than our Receive Maximum
                conn.disconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "too many unacknowledged PUBLISHes");
                return;
            }
            conn.ctx.channel().config().setAutoRead(false);
        }
        parked().add(publish);
        parkedAcknowledged++;
    }

    private void resume() {
        while (!nothingParked() && !throttle.paused() && !conn.isClosing()) {
            Publish p = parked.poll();
            if (p.qos() != QoS.AT_MOST_ONCE) {
                parkedAcknowledged--;
            }
            process(p);
        }
        if (nothingParked()) {
            stalls++; // a stall timer still pending belongs to an ended stall
            qos0Stalled = false;
            qos0Overflow = false;
            if (!conn.ctx.channel().config().isAutoRead() && !conn.isClosing()) {
                conn.ctx.channel().config().setAutoRead(true);
            }
        }
        conn.flush();
    }

    private void process(Publish publish) {
        Publish message = resolveTopic(publish);
        if (message == null) {
            return;
        }
        int packetId = publish.packetId();
        Set<Integer> awaitingRelease = conn.session.awaitingRelease();
        if (publish.qos() == QoS.EXACTLY_ONCE) {
            if (awaitingRelease.contains(packetId)) {
                conn.write(new PubRec(packetId)); // [MQTT-4.3.3-10] already delivered: acknowledge only
                return;
            }
            if (awaitingRelease.size() >= conn.services.limits().receiveMaximum()) {
                conn.disconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "too many QoS 2 PUBLISHes awaiting PUBREL");
                return;
            }
        }
        if (!payloadMatchesFormat(message)) {
            // 3.3.2.3.2: a receiver may check the payload against its format indicator; 0x99, nothing delivered
            conn.services.metrics().invalidPayloadDrop();
            switch (publish.qos()) {
                case AT_MOST_ONCE -> {
                }
                case AT_LEAST_ONCE -> conn.writeWithReason(
                        new PubAck(packetId, ReasonCode.PAYLOAD_FORMAT_INVALID, Connection.reason(NOT_UTF8)),
                        new PubAck(packetId, ReasonCode.PAYLOAD_FORMAT_INVALID, Properties.EMPTY));
                case EXACTLY_ONCE -> conn.writeWithReason(
                        new PubRec(packetId, ReasonCode.PAYLOAD_FORMAT_INVALID, Connection.reason(NOT_UTF8)),
                        new PubRec(packetId, ReasonCode.PAYLOAD_FORMAT_INVALID, Properties.EMPTY));
            }
            return;
        }
        // Clients do not publish into the broker's own $SYS tree: as mosquitto, such a message is refused like one
        // the ACL denies. 3.1.1 and QoS 0 have no way to say so: dropped, acknowledged as usual.
        boolean allowed = !message.topic().startsWith("$SYS")
                && (conn.access == null || conn.access.canWrite(message.topic())); // null access: no rules
        if (!allowed && conn.isV5() && publish.qos() != QoS.AT_MOST_ONCE) {
            notAuthorized(publish);
            return;
        }
        int queued = allowed ? conn.services.distributor().publish(message, conn.clientId, throttle) : 0;
        if (allowed && conn.topics != null) {
            conn.topics.count(message.topic(), message.payload().length(), queued);
        }
        ReasonCode code = queued == 0 && conn.isV5() ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
        switch (publish.qos()) {
            case AT_MOST_ONCE -> {
            }
            case AT_LEAST_ONCE -> conn.write(new PubAck(packetId, code, Properties.EMPTY)); // [MQTT-4.3.2-4]
            case EXACTLY_ONCE -> {
                conn.session.awaitRelease(packetId);
                conn.session.journal().receivedQos2(packetId); // durable with the queued message, before PUBREC
                conn.write(new PubRec(packetId, code, Properties.EMPTY)); // [MQTT-4.3.3-8]
            }
        }
    }

    /** The 5.0 answer to a QoS 1/2 PUBLISH the authorizer refused: PUBACK or PUBREC 0x87, nothing delivered. */
    private void notAuthorized(Publish publish) {
        int packetId = publish.packetId();
        Properties why = Connection.reason("not authorized to publish to " + publish.topic());
        if (publish.qos() == QoS.AT_LEAST_ONCE) {
            conn.writeWithReason(new PubAck(packetId, ReasonCode.NOT_AUTHORIZED, why),
                    new PubAck(packetId, ReasonCode.NOT_AUTHORIZED, Properties.EMPTY));
        } else { // an error PUBREC ends the exchange: no PUBREL follows (4.3.3)
            conn.writeWithReason(new PubRec(packetId, ReasonCode.NOT_AUTHORIZED, why),
                    new PubRec(packetId, ReasonCode.NOT_AUTHORIZED, Properties.EMPTY));
        }
    }

    /** False when the message says its payload is UTF-8 (Payload Format Indicator 1) and it is not. */
    private static boolean payloadMatchesFormat(Publish message) {
        if (message.properties().getInt(PropertyId.PAYLOAD_FORMAT_INDICATOR, 0) != 1) {
            return true;
        }
        byte[] payload = message.payload().unsafeArray();
        try {
            MqttStrings.validateUtf8(payload, 0, payload.length);
            return true;
        } catch (DecodeException e) {
            return false;
        }
    }

    void onPubRel(PubRel rel) {
        boolean known = conn.session.awaitingRelease().remove(rel.packetId());
        if (known) {
            conn.session.journal().releasedQos2(rel.packetId());
        }
        // [MQTT-4.3.3-11] PUBCOMP even for an unknown id (it may have been completed before a reconnect)
        conn.write(known || !conn.isV5() ? new PubComp(rel.packetId())
                : new PubComp(rel.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.EMPTY));
    }

    /**
     * The message with its topic resolved through any Topic Alias and the alias and Subscription
     * Identifiers stripped, or null after disconnecting for an invalid one.
     */
    private Publish resolveTopic(Publish publish) {
        String topic = publish.topic();
        Properties properties = publish.properties();
        if (properties.has(PropertyId.TOPIC_ALIAS)) {
            int alias = (int) properties.getInt(PropertyId.TOPIC_ALIAS, 0);
            if (alias == 0 || alias > conn.services.limits().topicAliasMaximum()) {
                conn.disconnect(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias); // [MQTT-3.3.2-8] [MQTT-3.3.2-9]
                return null;
            }
            if (topic.isEmpty()) {
                topic = topicAliases == null ? null : topicAliases.get(alias);
                if (topic == null) {
                    conn.disconnect(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
                    return null;
                }
            } else {
                if (topicAliases == null) {
                    topicAliases = new HashMap<>();
                }
                topicAliases.put(alias, topic);
            }
            properties = properties.without(PropertyId.TOPIC_ALIAS);
        } else if (topic.isEmpty()) {
            conn.disconnect(ReasonCode.PROTOCOL_ERROR, "empty topic without topic alias");
            return null;
        }
        String problem = TopicName.validate(topic);
        if (problem == null) {
            problem = TopicLimits.check(topic, conn.services.limits());
        }
        if (problem != null) {
            conn.disconnect(ReasonCode.TOPIC_NAME_INVALID, problem); // [MQTT-3.3.2-2]
            return null;
        }
        if (properties.has(PropertyId.SUBSCRIPTION_IDENTIFIER)) {
            conn.disconnect(ReasonCode.PROTOCOL_ERROR, "a client PUBLISH carries a Subscription Identifier");
            return null;
        }
        if (topic.equals(publish.topic()) && properties == publish.properties() && !publish.dup()) {
            return publish;
        }
        return new Publish(topic, publish.qos(), publish.retain(), false, publish.packetId(), publish.payload(),
                properties);
    }
}
