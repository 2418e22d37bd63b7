package io.mqttools.cli.publish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The payloads {@code publish} generates when no message is given: the message number, zero-padded to
 * the width of the largest number, then filled with 0xA5 bytes up to the size (or cut to it).
 */
final class GeneratedPayloads {
    private static final byte FILL = (byte) 0xA5;

    private final int width;
    private final int size;

    GeneratedPayloads(int count, int size) {
        this.width = Integer.toString(Math.max(0, count - 1)).length();
        this.size = size;
    }

    byte[] payload(int number) {
        String digits = Integer.toString(number);
        StringBuilder sb = new StringBuilder(width);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        byte[] counter = sb.append(digits).toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(counter, size);
        if (size > counter.length) {
            Arrays.fill(out, counter.length, size, FILL);
        }
        return out;
    }
}
