package io.mqttools.broker.connection;

import io.mqttools.broker.session.Delivery;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.codec.VariableByteInteger;
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
        return encode(d, version, packetId, dup, 0, false);
    }

    /**
     * As {@link #encode(Delivery, ProtocolVersion, int, boolean)}, with a Topic Alias (5.0): when
     * {@code alias} is not 0 the connection's own header carries the topic (or, if the client knows the
     * alias already, an empty one) and a properties header with the alias in front of the shared
     * properties; the properties and payload stay a shared slice.
     */
    ByteBuf encode(Delivery d, ProtocolVersion version, int packetId, boolean dup, int alias, boolean aliasKnown) {
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
        if (alias != 0) {
            return aliased(whole, d, packetId, dup, alias, aliasKnown);
        }
        if (!acknowledged) {
            return whole.retainedDuplicate();
        }
        int idOffset = topicEnd(whole);
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

    /**
     * Where the topic name ends in an encoded PUBLISH, relative to its first byte: read from the fixed
     * header and the topic's length prefix, so a delivery does not measure the topic's UTF-8 again.
     */
    private static int topicEnd(ByteBuf whole) {
        int start = whole.readerIndex();
        int headerLength = 2;
        while ((whole.getByte(start + headerLength - 1) & 0x80) != 0) {
            headerLength++;
        }
        return headerLength + 2 + whole.getUnsignedShort(start + headerLength);
    }

    private ByteBuf aliased(ByteBuf whole, Delivery d, int packetId, boolean dup, int alias, boolean aliasKnown) {
        boolean acknowledged = d.qos() != QoS.AT_MOST_ONCE;
        int start = whole.readerIndex();
        String topic = d.message().topic();
        int propertiesAt = topicEnd(whole) + (acknowledged ? 2 : 0);
        int propertiesLength = 0;
        int lengthBytes = 0;
        int b;
        do {
            b = whole.getByte(start + propertiesAt + lengthBytes);
            propertiesLength |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
        } while ((b & 0x80) != 0);
        int rest = propertiesAt + lengthBytes; // the shared properties and payload
        int sharedLength = whole.readableBytes() - rest;
        String sentTopic = aliasKnown ? "" : topic;
        int topicSize = MqttStrings.utf8Size(sentTopic);
        int newPropertiesLength = propertiesLength + 3; // Topic Alias: id byte and two-byte value
        int remaining = topicSize + (acknowledged ? 2 : 0) + VariableByteInteger.size(newPropertiesLength) + 3
                + sharedLength;
        ByteBuf own = alloc.buffer(1 + VariableByteInteger.size(remaining) + remaining - sharedLength);
        own.writeByte(0x30 | (dup ? 0x08 : 0) | d.qos().value() << 1 | (d.retain() ? 1 : 0));
        VariableByteInteger.write(own, remaining);
        MqttStrings.writeUtf8(own, sentTopic);
        if (acknowledged) {
            own.writeShort(packetId);
        }
        VariableByteInteger.write(own, newPropertiesLength);
        own.writeByte(PropertyId.TOPIC_ALIAS.id());
        own.writeShort(alias);
        CompositeByteBuf packet = alloc.compositeBuffer(2);
        packet.addComponent(true, own);
        packet.addComponent(true, whole.retainedSlice(start + rest, sharedLength));
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
