package io.mqttools.cli.monitor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a payload is shown on the monitor's screen, with the meanings of the CLI's
 * {@link io.mqttools.cli.common.MessageFormat}: {@code auto} (UTF-8 text when the payload is valid UTF-8
 * without control characters other than tab and line breaks, otherwise {@code 0x} and hex digits),
 * {@code binary} (hex digits) or {@code text} (UTF-8, invalid bytes as U+FFFD). Unlike the line-oriented
 * commands, the screen looks only at what it can show, and control characters and characters
 * outside the Basic Multilingual Plane are escaped ({@code \n}, {@code \x1B}, <code>&#92;u{1F600}</code>) so that no
 * payload can move the cursor, change colours or break the column arithmetic of the screen.
 */
enum PayloadFormat {
    AUTO,
    BINARY,
    TEXT;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The next format in the order the {@code f} key cycles through. */
    PayloadFormat next() {
        return values()[(ordinal() + 1) % values().length];
    }

    /** The lower-case name shown in the menu. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Formats a whole payload; see {@link #format(byte[], int, int)}. */
    String format(byte[] payload, int maxChars) {
        return format(payload, payload.length, maxChars);
    }

    /**
     * Formats {@code payload}, which may be the head of a message of {@code fullSize} bytes. Only a head of
     * the payload large enough for somewhat more than {@code maxChars} characters is looked at, so a large
     * payload costs only what fits on the screen; a UTF-8 sequence broken by either cut still counts as text.
     */
    String format(byte[] payload, int fullSize, int maxChars) {
        int length = (int) Math.min(payload.length, 4L * maxChars + 4);
        boolean cut = length < fullSize;
        return switch (this) {
            case BINARY -> hex(payload, maxChars);
            case TEXT -> escape(decode(payload, length, cut, CodingErrorAction.REPLACE), maxChars);
            case AUTO -> {
                String text = decode(payload, length, cut, CodingErrorAction.REPORT);
                yield text == null || hasControl(text) ? "0x" + hex(payload, maxChars) : escape(text, maxChars);
            }
        };
    }

    private static String hex(byte[] payload, int maxChars) {
        int bytes = Math.min(payload.length, maxChars / 2 + 1);
        StringBuilder out = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            out.append(HEX[(payload[i] >> 4) & 0xF]).append(HEX[payload[i] & 0xF]);
        }
        return out.toString();
    }

    /**
     * Decodes the first {@code length} bytes as UTF-8; with REPORT, returns null when they are not valid UTF-8.
     * When the bytes were {@code cut}, an incomplete sequence at their end is left out rather than an error.
     */
    private static String decode(byte[] payload, int length, boolean cut, CodingErrorAction onError) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(onError)
                .onUnmappableCharacter(onError);
        // UTF-8 never yields more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(ByteBuffer.wrap(payload, 0, length), out, !cut);
        if (result.isError()) {
            return null;
        }
        if (!cut) {
            decoder.flush(out);
        }
        return out.flip().toString();
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with control and supplementary characters escaped, cut after about {@code maxChars}. */
    static String escape(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 16));
        for (int i = 0; i < text.length() && out.length() <= maxChars; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
                        out.append(String.format("\\x%02X", cp));
                    } else if (Character.isSupplementaryCodePoint(cp)) {
                        out.append("\\u{").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append('}');
                    } else {
                        out.append((char) cp);
                    }
                }
            }
        }
        return out.toString();
    }
}
