package io.mqttools.broker.connection;

import io.mqttools.broker.session.Delivery;
import io.mqttools.broker.session.OutboundMessage;
import io.mqttools.broker.session.Session;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Messages from the broker to the client: drains the session's queue into the channel while the
 * channel is writable and the client's Receive Maximum allows ([MQTT-3.3.4-9]), allocates packet ids,
 * and runs the QoS 1 and 2 acknowledgement flows of the sender. Confined to the event loop.
 */
final class OutboundFlow {
    private final Connection conn;
    private final SharedEncoding encoding;
    /** Outbound Topic Aliases of this connection, made when it is accepted. */
    private OutboundTopicAliases aliases = OutboundTopicAliases.NONE;

    /** @param encoding the event loop's shared fan-out encoding, or null to encode every message alone */
    OutboundFlow(Connection conn, SharedEncoding encoding) {
        this.conn = conn;
        this.encoding = encoding;
    }

    /**
     * After a session resumes: re-sends every unacknowledged PUBLISH with DUP set and every PUBREL, in
     * the original order ([MQTT-4.4.0-1] [MQTT-3.3.1-1]), then drains the queue.
     */
    void resume() {
        int aliasMaximum = conn.isV5() ? Math.min(conn.clientTopicAliasMaximum, conn.services.limits().topicAliasMaximum()) : 0;
        aliases = OutboundTopicAliases.upTo(aliasMaximum);
        Session session = conn.session;
        for (OutboundMessage m : List.copyOf(session.inflight().values())) {
            if (m.released()) {
                conn.write(new PubRel(m.packetId()));
            } else if (!send(m.delivery(), m.packetId(), true)) {
                session.inflight().remove(m.packetId()); // too large for the client: discarded as if delivered
                session.journal().completed(m.delivery(), m.packetId());
            }
        }
        drain();
    }

    /** Sends queued messages while the channel is writable and flow control allows. Does not flush. */
    void drain() {
        Session session = conn.session;
        if (session == null || !conn.connected || conn.isClosing()) {
            return;
        }
        session.collectInbox();
        for (int dropped = session.trimQos0(); dropped > 0; dropped--) {
            conn.services.metrics().queueFullDrop();
        }
        while (conn.ctx.channel().isWritable()) {
            Delivery d = session.peekPending();
            if (d == null) {
                return;
            }
            boolean acknowledged = d.qos() != QoS.AT_MOST_ONCE;
            if (acknowledged && session.inflight().size() >= conn.sendQuota) {
                return; // the rest waits for an acknowledgement
            }
            session.takePending();
            if (conn.access != null && !conn.access.canRead(d.message().topic())) {
                // mosquitto checks read access per delivery: not sent, as if the filter had not matched
                session.journal().completed(d, 0); // nor kept on disk for a later try
                continue;
            }
            int packetId = acknowledged ? session.nextPacketId() : 0;
            if (send(d, packetId, false) && acknowledged) {
                OutboundMessage m = new OutboundMessage(packetId, d, false);
                session.putInflight(packetId, m);
                session.journal().sent(m);
            } else {
                session.journal().completed(d, 0); // a QoS 0 one, or discarded unsent
            }
        }
    }

    /**
     * Writes one delivery; false when it was discarded instead: expired, or larger than the client's
     * Maximum Packet Size ([MQTT-3.1.2-25], discarded as if sent). Both are counted.
     */
    private boolean send(Delivery d, int packetId, boolean dup) {
        // [MQTT-3.3.2-5] expired before onward delivery started: deleted; a re-send (dup) is not
        if (!dup && d.expiresAtMillis() != 0 && d.expiresAtMillis() <= System.currentTimeMillis()) {
            conn.services.metrics().expiredDrop();
            return false;
        }
        String topic = d.message().topic();
        int alias = aliases.known(topic);
        boolean aliasKnown = alias != 0;
        if (!aliasKnown) {
            alias = aliases.next();
        }
        ByteBuf shared = encoding == null ? null : encoding.encode(d, conn.version, packetId, dup, alias, aliasKnown);
        if (shared != null) {
            if (tooLarge(shared.readableBytes())) {
                shared.release();
                return false;
            }
            conn.write(shared);
            conn.tally.publishSent(d.message().payload().length());
            aliasSent(topic, alias, aliasKnown);
            return true;
        }
        Publish p = toPublish(d, packetId, dup);
        if (p == null) {
            conn.services.metrics().expiredDrop();
            return false;
        }
        if (alias != 0) {
            p = new Publish(aliasKnown ? "" : topic, p.qos(), p.retain(), p.dup(), p.packetId(), p.payload(),
                    p.properties().with(PropertyId.TOPIC_ALIAS, alias));
        }
        if (conn.clientMaxPacketSize > 0 && tooLarge(PacketEncoder.encodedSize(conn.version, p))) {
            return false;
        }
        conn.write(p);
        conn.tally.publishSent(p.payload().length());
        aliasSent(topic, alias, aliasKnown);
        return true;
    }

    /** An alias counts as known to the client only once the PUBLISH that sets it is written, not if discarded. */
    private void aliasSent(String topic, int alias, boolean aliasKnown) {
        if (alias != 0 && !aliasKnown) {
            aliases.established(topic, alias);
        }
    }

    private boolean tooLarge(long size) {
        if (conn.clientMaxPacketSize > 0 && size > conn.clientMaxPacketSize) {
            conn.services.metrics().tooLargeDrop();
            return true;
        }
        return false;
    }

    void onPubAck(PubAck ack) {
        OutboundMessage m = conn.session.inflight().get(ack.packetId());
        if (m != null && m.delivery().qos() == QoS.AT_LEAST_ONCE) {
            conn.session.inflight().remove(ack.packetId()); // the identifier is free again
            conn.session.journal().completed(m.delivery(), ack.packetId());
            drain();
        }
    }

    void onPubRec(PubRec rec) {
        OutboundMessage m = conn.session.inflight().get(rec.packetId());
        if (m == null || m.delivery().qos() != QoS.EXACTLY_ONCE) {
            conn.write(new PubRel(rec.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.EMPTY));
            return;
        }
        if (rec.reasonCode().isError()) {
            conn.session.inflight().remove(rec.packetId()); // an error PUBREC ends the exchange
            conn.session.journal().completed(m.delivery(), rec.packetId());
            drain();
            return;
        }
        OutboundMessage released = m.release();
        conn.session.putInflight(rec.packetId(), released);
        conn.session.journal().released(released); // durable before the PUBREL leaves
        conn.write(new PubRel(rec.packetId())); // [MQTT-4.3.3-4]
    }

    void onPubComp(PubComp comp) {
        OutboundMessage m = conn.session.inflight().get(comp.packetId());
        if (m != null && m.released()) {
            conn.session.inflight().remove(comp.packetId());
            conn.session.journal().completed(m.delivery(), comp.packetId());
            drain();
        }
    }

    /** The PUBLISH to send for a delivery, or null if its Message Expiry Interval has run out. */
    private Publish toPublish(Delivery d, int packetId, boolean dup) {
        Publish message = d.message();
        Properties properties = conn.isV5() ? message.properties() : Properties.EMPTY;
        if (conn.isV5()) {
            List<Integer> ids = d.subscriptionIdentifiers();
            if (d.expiresAtMillis() != 0 || !ids.isEmpty()) {
                Properties.Builder b = properties.toBuilder();
                if (d.expiresAtMillis() != 0) {
                    long left = d.expiresAtMillis() - System.currentTimeMillis();
                    if (left > 0) {
                        // [MQTT-3.3.2-6] the receiver gets the time the message has left
                        b.set(PropertyId.MESSAGE_EXPIRY_INTERVAL, (left + 999) / 1000);
                    } else if (dup) {
                        b.remove(PropertyId.MESSAGE_EXPIRY_INTERVAL); // in flight already: sent regardless
                    } else {
                        return null;
                    }
                }
                for (int id : ids) {
                    b.subscriptionIdentifier(id);
                }
                properties = b.build();
            }
        }
        return new Publish(message.topic(), d.qos(), d.retain(), dup, packetId, message.payload(), properties);
    }
}
