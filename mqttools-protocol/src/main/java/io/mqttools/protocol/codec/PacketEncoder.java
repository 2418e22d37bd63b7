package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes packets for a protocol version. Stateless; the broker uses {@link #encode(ByteBufAllocator,
 * ProtocolVersion, Packet)} to encode a fan-out PUBLISH once and share the buffer.
 */
public final class PacketEncoder {
    private PacketEncoder() {
    }

    /** Writes the whole packet, fixed header included, to {@code out}. */
    public static void encode(ProtocolVersion version, Packet packet, ByteBuf out) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** A new buffer holding the whole packet; the caller owns (and releases) it. */
    public static ByteBuf encode(ByteBufAllocator alloc, ProtocolVersion version, Packet packet) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** The size of the whole encoded packet in bytes, fixed header included, without encoding it. */
    public static int encodedSize(ProtocolVersion version, Packet packet) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }
}
