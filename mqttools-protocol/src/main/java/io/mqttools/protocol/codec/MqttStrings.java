package io.mqttools.protocol.codec;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 Encoded Strings and Binary Data (spec sections 1.5.4 and 1.5.6): a two-byte length followed
 * by that many bytes. Reading checks the UTF-8 rules strictly, because the JDK decoder would silently
 * replace what the spec says must close the connection.
 */
public final class MqttStrings {
    /** The most bytes a string or binary field can hold. */
    public static final int MAX_LENGTH = 0xFFFF;

    private MqttStrings() {
    }

    /**
     * Reads a UTF-8 Encoded String.
     *
     * @throws DecodeException MALFORMED_PACKET for ill-formed UTF-8, an encoded surrogate or U+0000
     */
    public static String readUtf8(ByteBuf in) throws DecodeException {
        int length = in.readUnsignedShort();
        if (length > in.readableBytes()) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "string length beyond the end of the packet");
        }
        if (length == 0) {
            return "";
        }
        String s;
        int index = in.readerIndex();
        if (in.hasArray()) {
            byte[] array = in.array();
            int offset = in.arrayOffset() + index;
            validateUtf8(array, offset, length);
            s = new String(array, offset, length, StandardCharsets.UTF_8);
        } else {
            byte[] array = new byte[length];
            in.getBytes(index, array);
            validateUtf8(array, 0, length);
            s = new String(array, StandardCharsets.UTF_8);
        }
        in.skipBytes(length);
        // [MQTT-1.5.4-3] a BOM (EF BB BF) is U+FEFF and kept: nothing above strips it
        return s;
    }

    /** Reads Binary Data into a fresh array owned by the returned {@link Bytes}. */
    public static Bytes readBinary(ByteBuf in) {
        int length = in.readUnsignedShort();
        if (length == 0) {
            return Bytes.EMPTY;
        }
        byte[] data = new byte[length];
        in.readBytes(data);
        return Bytes.wrap(data);
    }

    /**
     * The bytes the string takes on the wire, length prefix included.
     *
     * @throws IllegalArgumentException for a string that cannot be sent: over 65535 bytes, or with an
     *         unpaired surrogate [MQTT-1.5.4-1] or U+0000 [MQTT-1.5.4-2], which have no permitted
     *         encoding; replacing them would send another string (a PUBLISH to another topic)
     */
    public static int utf8Size(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw new IllegalArgumentException("a string containing U+0000 cannot be sent");
                }
            } else if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            } else {
                throw new IllegalArgumentException("a string with an unpaired surrogate at index " + i + " cannot be sent");
            }
        }
        if (bytes > MAX_LENGTH) {
            throw new IllegalArgumentException("a string longer than 65535 bytes in UTF-8 cannot be encoded");
        }
        return 2 + bytes;
    }

    /** The bytes the binary data takes on the wire, length prefix included. */
    public static int binarySize(Bytes data) {
        if (data.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("binary data longer than 65535 bytes cannot be encoded");
        }
        return 2 + data.length();
    }

    /**
     * Writes a UTF-8 Encoded String; callers have sized it with {@link #utf8Size}. It reserves exactly
     * the bytes needed, so that a buffer allocated to {@code encodedSize} never grows.
     */
    public static void writeUtf8(ByteBuf out, String s) {
        writeUtf8(out, s, utf8Size(s) - 2);
    }

    /** Writes a UTF-8 Encoded String whose length {@link #utf8Size} has given already (hot paths). */
    public static void writeUtf8(ByteBuf out, String s, int utf8Length) {
        out.writeShort(utf8Length);
        ByteBufUtil.reserveAndWriteUtf8(out, s, utf8Length);
    }

    /** Writes Binary Data straight from the backing array. */
    public static void writeBinary(ByteBuf out, Bytes data) {
        out.writeShort(data.length());
        out.writeBytes(data.unsafeArray());
    }

    /**
     * Checks that the bytes are well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no
     * encoded surrogates [MQTT-1.5.4-1], nothing above U+10FFFF, and no U+0000 [MQTT-1.5.4-2].
     */
    public static void validateUtf8(byte[] a, int offset, int length) throws DecodeException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = a[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                // [MQTT-1.5.4-2] no null character
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "string contains U+0000");
            }
            b &= 0xFF;
            if (b < 0xC2 || b > 0xF4) {
                // a continuation byte first, an overlong 2-byte lead (C0, C1) or beyond U+10FFFF
                throw illFormed();
            }
            if (b < 0xE0) {
                requireContinuations(a, i, 1, end);
                i += 2;
            } else if (b < 0xF0) {
                requireContinuations(a, i, 2, end);
                int b1 = a[i + 1] & 0xFF;
                if (b == 0xE0 && b1 < 0xA0) {
                    throw illFormed(); // overlong
                }
                if (b == 0xED && b1 >= 0xA0) {
                    // [MQTT-1.5.4-1] code points U+D800..U+DFFF must not be encoded
                    throw new DecodeException(ReasonCode.MALFORMED_PACKET, "string contains an encoded UTF-16 surrogate");
                }
                i += 3;
            } else {
                requireContinuations(a, i, 3, end);
                int b1 = a[i + 1] & 0xFF;
                if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)) {
                    throw illFormed(); // overlong, or above U+10FFFF
                }
                i += 4;
            }
        }
    }

    private static void requireContinuations(byte[] a, int lead, int count, int end) throws DecodeException {
        if (lead + count >= end) {
            throw illFormed();
        }
        for (int k = 1; k <= count; k++) {
            if ((a[lead + k] & 0xC0) != 0x80) {
                throw illFormed();
            }
        }
    }

    private static DecodeException illFormed() {
        // [MQTT-1.5.4-1] the string must be well-formed UTF-8
        return new DecodeException(ReasonCode.MALFORMED_PACKET, "string is not well-formed UTF-8");
    }
}
