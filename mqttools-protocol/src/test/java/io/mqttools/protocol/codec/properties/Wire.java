package io.mqttools.protocol.codec.properties;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketDecoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Test-side wire helpers: encode to a byte array, split a fixed header off by hand (independently of
 * the codec's own framing), decode one packet, and recognise a DecodeException however Netty wrapped it.
 */
public final class Wire {
    private Wire() {
    }

    /** The fixed header of an encoded packet as read by the test, not by the codec. */
    public record Header(int firstByte, int remainingLength, int length) {
    }

    /** Encodes with {@link PacketEncoder#encode(io.mqttools.protocol.ProtocolVersion, Packet, ByteBuf)}. */
    public static byte[] encode(ProtocolVersion v, Packet packet) {
        ByteBuf out = Unpooled.buffer();
        try {
            PacketEncoder.encode(v, packet, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** Encodes a sequence of packets back to back. */
    public static byte[] encodeAll(ProtocolVersion v, List<? extends Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            out.writeBytes(encode(v, p));
        }
        return out.toByteArray();
    }

    /**
     * Reads a fixed header: first byte and a Variable Byte Integer of at most four bytes. Returns null if
     * the bytes do not hold a complete, well-formed one.
     */
    public static Header header(byte[] bytes) {
        if (bytes.length < 2) {
            return null;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (1 + i >= bytes.length) {
                return null;
            }
            int b = bytes[1 + i] & 0xFF;
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return new Header(bytes[0] & 0xFF, value, 2 + i);
            }
        }
        return null;
    }

    /** The number of bytes the minimal Variable Byte Integer encoding of {@code value} takes. */
    public static int vbiLength(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /**
     * Decodes one whole encoded packet with {@link PacketDecoder}, checking first that its remaining
     * length covers exactly the rest. A CONNECT is decoded as a server does before the handshake
     * (version null); everything else with the version given.
     */
    public static Packet decode(ProtocolVersion v, byte[] whole) throws DecodeException {
        Header h = header(whole);
        if (h == null || h.remainingLength() != whole.length - h.length()) {
            throw new AssertionError("encoded packet has a bad fixed header: " + hex(whole));
        }
        ProtocolVersion asVersion = (h.firstByte() >> 4) == 1 ? null : v;
        return decodeBody(asVersion, h.firstByte(), whole, h.length(), whole.length - h.length());
    }

    /** Calls {@link PacketDecoder#decode} on a slice of an array and releases the buffer afterwards. */
    public static Packet decodeBody(ProtocolVersion v, int firstByte, byte[] bytes, int offset, int length)
            throws DecodeException {
        ByteBuf body = Unpooled.wrappedBuffer(bytes, offset, length);
        try {
            return PacketDecoder.decode(v, firstByte, body);
        } finally {
            body.release();
        }
    }

    /** Convenience for {@link #decode} on a CONNECT or otherwise, named for readability in tests. */
    public static Packet roundTrip(ProtocolVersion v, Packet p) throws DecodeException {
        return decode(v, encode(v, p));
    }

    /**
     * The DecodeException a pipeline reported, unwrapped from Netty's DecoderException if need be, or
     * null when the throwable is something else (a codec defect in every test that calls this).
     */
    public static DecodeException decodeFailure(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 4; depth++) {
            if (cur instanceof DecodeException d) {
                return d;
            }
            if (!(cur instanceof DecoderException)) {
                return null;
            }
            cur = cur.getCause();
        }
        return null;
    }

    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
