package io.mqttools.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Test helpers: hex fixtures, encoding to bytes and decoding whole packets. */
public final class Wire {
    private Wire() {
    }

    /** Bytes from hex, ignoring spaces, newlines and anything after '#' on a line. */
    public static byte[] hex(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    /** Encodes the packet and checks that encodedSize predicted the size exactly. */
    public static byte[] encode(ProtocolVersion version, Packet packet) {
        ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, version, packet);
        try {
            assertThat(buf.readableBytes()).as("encodedSize of %s", packet)
                    .isEqualTo(PacketEncoder.encodedSize(version, packet));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Decodes one whole packet, fixed header included; fails unless the bytes hold exactly one. */
    public static Packet decode(ProtocolVersion version, byte[] bytes) throws DecodeException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            int firstByte = buf.readUnsignedByte();
            int remaining = VariableByteInteger.read(buf);
            assertThat(buf.readableBytes()).as("remaining length").isEqualTo(remaining);
            return PacketDecoder.decode(version, firstByte, buf);
        } finally {
            buf.release();
        }
    }

    public static Packet roundTrip(ProtocolVersion version, Packet packet) throws DecodeException {
        return decode(version, encode(version, packet));
    }
}
