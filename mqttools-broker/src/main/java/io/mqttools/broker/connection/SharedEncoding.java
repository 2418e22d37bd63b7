package io.mqttools.broker.connection;

import io.mqttools.broker.session.Delivery;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Encodes a fan-out message once per event loop, protocol version and RETAIN flag, and shares the bytes
 * among the loop's subscribers: QoS 0 copies are {@code retainedDuplicate()}s of one buffer; QoS 1/2
 * copies are a few bytes of their own (fixed header, topic, packet id) in front of a shared
 * {@code retainedSlice()} of the properties and payload. Deliveries whose properties differ per
 * subscriber (Subscription Identifiers, a running Message Expiry) are encoded on their own.
 *
 * <p>Remembers only the last message: a fan-out arrives at a loop as one batch. Confined to one event
 * loop (one instance per loop, see {@link SharedEncodings}).
 */
final class SharedEncoding {
    private static final int SLOTS = ProtocolVersion.values().length * 4;

    private final ByteBufAllocator alloc;
    private final ByteBuf[] encoded = new ByteBuf[SLOTS];
    private Publish message;

    SharedEncoding(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /**
     * The whole PUBLISH for one subscriber, the caller owning the returned buffer; null when this
     * delivery's properties are its own and it must be encoded alone.
     */
    ByteBuf encode(Delivery d, ProtocolVersion version, int packetId, boolean dup) {
        if (version.isV5() && (!d.subscriptionIdentifiers().isEmpty() || d.expiresAtMillis() != 0)) {
            return null;
        }
        Publish m = d.message();
        if (m != message) {
            clear();
            message = m;
        }
        boolean acknowledged = d.qos() != QoS.AT_MOST_ONCE;
        int slot = version.ordinal() * 4 + (d.retain() ? 2 : 0) + (acknowledged ? 1 : 0);
        ByteBuf whole = encoded[slot];
        if (whole == null) {
            Publish template = new Publish(m.topic(), acknowledged ? QoS.AT_LEAST_ONCE : QoS.AT_MOST_ONCE, d.retain(),
                    false, acknowledged ? 1 : 0, m.payload(), version.isV5() ? m.properties() : Properties.EMPTY);
            whole = PacketEncoder.encode(alloc, version, template);
            encoded[slot] = whole;
        }
        if (!acknowledged) {
            return whole.retainedDuplicate();
        }
        int headerLength = 2;
        while ((whole.getByte(whole.readerIndex() + headerLength - 1) & 0x80) != 0) {
            headerLength++;
        }
        int idOffset = headerLength + MqttStrings.utf8Size(m.topic());
        ByteBuf own = alloc.buffer(idOffset + 2);
        own.writeBytes(whole, whole.readerIndex(), idOffset);
        // first byte: PUBLISH, DUP, QoS, RETAIN
        own.setByte(0, 0x30 | (dup ? 0x08 : 0) | d.qos().value() << 1 | (d.retain() ? 1 : 0));
        own.writeShort(packetId);
        int rest = idOffset + 2;
        CompositeByteBuf packet = alloc.compositeBuffer(2);
        packet.addComponent(true, own);
        packet.addComponent(true, whole.retainedSlice(whole.readerIndex() + rest, whole.readableBytes() - rest));
        return packet;
    }

    /** Releases the buffers of the remembered message. */
    void clear() {
        for (int i = 0; i < SLOTS; i++) {
            if (encoded[i] != null) {
                encoded[i].release();
                encoded[i] = null;
            }
        }
        message = null;
    }
}
