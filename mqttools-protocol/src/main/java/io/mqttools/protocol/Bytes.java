package io.mqttools.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable sequence of bytes: message payloads, passwords, correlation and authentication data.
 *
 * <p>Records that carry binary data hold a {@code Bytes} rather than a {@code byte[]} so that they
 * stay immutable and compare by content. {@link #wrap(byte[])} takes ownership of an array without
 * copying (the codec uses it for the one copy it makes out of the network buffer); {@link #copyOf}
 * copies.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Wraps the array without copying: the caller must not modify it afterwards. */
    public static Bytes wrap(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data);
    }

    public static Bytes copyOf(byte[] data) {
        return wrap(data.clone());
    }

    public static Bytes utf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * The backing array, not copied, for encoders and other hot paths. It must not be modified.
     */
    public byte[] unsafeArray() {
        return data;
    }

    /** The bytes decoded as UTF-8 (malformed sequences replaced). */
    public String asUtf8() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public String toHex() {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data.length <= 32 ? "Bytes[" + toHex() + "]" : "Bytes[" + data.length + " bytes]";
    }
}
