package io.mqttools.protocol.codec;

import io.mqttools.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The Variable Byte Integer of MQTT (spec section 1.5.5): 7 bits per byte, least significant group
 * first, high bit set on every byte but the last, at most four bytes. Used for the Remaining Length,
 * property lengths and a few properties.
 */
public final class VariableByteInteger {
    /** The largest value four bytes can carry: 268,435,455. */
    public static final int MAX_VALUE = 268_435_455;

    /** Returned by {@link #peek} while the integer is not complete yet. */
    public static final long INCOMPLETE = -1L;

    private VariableByteInteger() {
    }

    /** The number of bytes the value takes on the wire, 1 to 4. */
    public static int size(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("a variable byte integer must be 0.." + MAX_VALUE + ", not " + value);
        }
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        return value < 2_097_152 ? 3 : 4;
    }

    /** Writes the value in its minimal encoding. */
    public static void write(ByteBuf out, int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("a variable byte integer must be 0.." + MAX_VALUE + ", not " + value);
        }
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    /**
     * Reads a variable byte integer from the reader index.
     *
     * @throws DecodeException MALFORMED_PACKET for a fifth byte or a non-minimal encoding
     * @throws IndexOutOfBoundsException when the buffer ends inside the integer
     */
    public static int read(ByteBuf in) throws DecodeException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    // [MQTT-1.5.5-1] the encoding must use the minimum number of bytes
                    throw new DecodeException(ReasonCode.MALFORMED_PACKET, "non-minimal variable byte integer");
                }
                return value;
            }
        }
        // [MQTT-1.5.5-1] at most four bytes
        throw new DecodeException(ReasonCode.MALFORMED_PACKET, "variable byte integer longer than four bytes");
    }

    /**
     * Reads without consuming, for framing: the integer starting at {@code index}.
     *
     * @return {@link #INCOMPLETE} when the buffer ends before the integer does, else the value in the
     *         low 32 bits and the number of bytes it took in the high 32 bits
     * @throws DecodeException MALFORMED_PACKET for a fifth byte or a non-minimal encoding
     */
    public static long peek(ByteBuf in, int index) throws DecodeException {
        int value = 0;
        int end = in.writerIndex();
        for (int i = 0; i < 4; i++) {
            if (index + i >= end) {
                return INCOMPLETE;
            }
            int b = in.getUnsignedByte(index + i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    // [MQTT-1.5.5-1] the encoding must use the minimum number of bytes
                    throw new DecodeException(ReasonCode.MALFORMED_PACKET, "non-minimal remaining length");
                }
                return ((long) (i + 1) << 32) | value;
            }
        }
        // [MQTT-1.5.5-1] at most four bytes
        throw new DecodeException(ReasonCode.MALFORMED_PACKET, "remaining length longer than four bytes");
    }
}
