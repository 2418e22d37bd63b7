package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A packet as a plain byte array, fixed header included, and back: for code that keeps packets outside
 * a channel (the broker's disk store) without touching Netty buffers.
 */
public final class PacketBytes {
    private PacketBytes() {
    }

    /** The whole encoded packet. */
    public static byte[] encode(ProtocolVersion version, Packet packet) {
        byte[] out = new byte[PacketEncoder.encodedSize(version, packet)];
        ByteBuf buf = Unpooled.wrappedBuffer(out);
        buf.writerIndex(0);
        PacketEncoder.encode(version, packet, buf);
        return out;
    }

    /**
     * Decodes {@code length} bytes at {@code offset} written by {@link #encode}.
     *
     * @throws DecodeException when they are not one whole, valid packet
     */
    public static Packet decode(ProtocolVersion version, byte[] data, int offset, int length) throws DecodeException {
        ByteBuf buf = Unpooled.wrappedBuffer(data, offset, length);
        int first = buf.readUnsignedByte();
        int remaining = VariableByteInteger.read(buf);
        if (remaining != buf.readableBytes()) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET,
                    "remaining length " + remaining + " but " + buf.readableBytes() + " bytes");
        }
        return PacketDecoder.decode(version, first, buf);
    }
}
