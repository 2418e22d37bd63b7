package io.mqttools.broker.persistence;

import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.session.Delivery;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketBytes;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The values stored, as bytes. A message is kept as its MQTT 5 PUBLISH packet (the codec's own encoding,
 * which carries every property); the rest are fixed fields in big-endian order. Stateless.
 */
final class Records {
    private Records() {
    }

    static byte[] publish(Publish message) {
        return PacketBytes.encode(ProtocolVersion.MQTT_5, message);
    }

    static Publish publish(byte[] data, int offset) {
        try {
            return (Publish) PacketBytes.decode(ProtocolVersion.MQTT_5, data, offset, data.length - offset);
        } catch (DecodeException | ClassCastException e) {
            throw new CorruptStoreException("stored message does not decode: " + e.getMessage());
        }
    }

    /** A delivery: qos, retain, expiry, share name, subscription ids, then the message's PUBLISH bytes. */
    static byte[] delivery(Delivery d, byte[] message) {
        byte[] share = d.shareName() == null ? null : d.shareName().getBytes(StandardCharsets.UTF_8);
        List<Integer> ids = d.subscriptionIdentifiers();
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 2 + (share == null ? 0 : share.length) + 2 + 4 * ids.size()
                + message.length);
        b.put((byte) d.qos().value()).put((byte) (d.retain() ? 1 : 0)).putLong(d.expiresAtMillis());
        if (share == null) {
            b.putShort((short) -1);
        } else {
            b.putShort((short) share.length).put(share);
        }
        b.putShort((short) ids.size());
        for (int id : ids) {
            b.putInt(id);
        }
        return b.put(message).array();
    }

    static Delivery delivery(byte[] data, long journalId) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            QoS qos = QoS.of(b.get());
            boolean retain = b.get() != 0;
            long expiresAt = b.getLong();
            int shareLength = b.getShort();
            String share = null;
            if (shareLength >= 0) {
                share = new String(data, b.position(), shareLength, StandardCharsets.UTF_8);
                b.position(b.position() + shareLength);
            }
            int count = b.getShort() & 0xFFFF;
            List<Integer> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids.add(b.getInt());
            }
            return new Delivery(publish(data, b.position()), qos, retain, ids, expiresAt, share, journalId);
        } catch (RuntimeException e) {
            throw corrupt("queued message", e);
        }
    }

    /** A subscription: options, identifier, and the filter is the key. */
    static byte[] subscription(ClientSubscription cs) {
        Subscription s = cs.subscription();
        return ByteBuffer.allocate(1 + 1 + 1 + 1 + 4).put((byte) s.maxQos().value()).put((byte) (s.noLocal() ? 1 : 0))
                .put((byte) (s.retainAsPublished() ? 1 : 0)).put((byte) s.retainHandling().ordinal())
                .putInt(cs.subscriptionIdentifier()).array();
    }

    static ClientSubscription subscription(String filter, byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            QoS qos = QoS.of(b.get());
            boolean noLocal = b.get() != 0;
            boolean rap = b.get() != 0;
            RetainHandling rh = RetainHandling.values()[b.get()];
            return new ClientSubscription(new Subscription(filter, qos, noLocal, rap, rh), b.getInt());
        } catch (RuntimeException e) {
            throw corrupt("subscription " + filter, e);
        }
    }

    /** A will: when it is due (wall clock), then the will as a PUBLISH (its delay is the due time). */
    static byte[] will(Will will, long dueAtMillis) {
        Publish p = new Publish(will.topic(), will.qos(), will.retain(), false, will.qos() == QoS.AT_MOST_ONCE ? 0 : 1,
                will.payload(), will.properties().without(PropertyId.WILL_DELAY_INTERVAL));
        byte[] message = publish(p);
        return ByteBuffer.allocate(8 + message.length).putLong(dueAtMillis).put(message).array();
    }

    static long willDue(byte[] data) {
        return ByteBuffer.wrap(data).getLong();
    }

    static Will will(byte[] data) {
        Publish p = publish(data, 8);
        return new Will(p.topic(), p.payload(), p.qos(), p.retain(), p.properties());
    }

    /** Session state: incarnation, expiry interval, disconnect time (0 while connected). */
    static byte[] session(long incarnation, long expiryInterval, long disconnectedAtMillis) {
        return ByteBuffer.allocate(24).putLong(incarnation).putLong(expiryInterval).putLong(disconnectedAtMillis).array();
    }

    /**
     * An in-flight entry: the seq of its queued delivery and whether PUBREL was sent. After a restart they
     * are re-sent in seq order, the order they were queued in.
     */
    static byte[] inflight(long seq, boolean released) {
        return ByteBuffer.allocate(9).putLong(seq).put((byte) (released ? 1 : 0)).array();
    }

    /** A retained message: when it was stored (wall clock, for its expiry), then the PUBLISH. */
    static byte[] retained(Publish message, long storedAtMillis) {
        byte[] m = publish(message);
        return ByteBuffer.allocate(8 + m.length).putLong(storedAtMillis).put(m).array();
    }

    static CorruptStoreException corrupt(String what, RuntimeException e) {
        if (e instanceof CorruptStoreException c) {
            return c;
        }
        return new CorruptStoreException(what + " does not decode: " + e);
    }
}
