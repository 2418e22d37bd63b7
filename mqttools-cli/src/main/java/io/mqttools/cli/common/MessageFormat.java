package io.mqttools.cli.common;

import io.mqttools.protocol.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How payloads are shown and read on the command line.
 *
 * <ul>
 *   <li>{@code text}: UTF-8 text both ways (invalid bytes shown as U+FFFD).</li>
 *   <li>{@code binary}: hexadecimal digits both ways; input may start with {@code 0x}.</li>
 *   <li>{@code auto}: shown as text when the payload is valid UTF-8 without control characters (tab and
 *       newline allowed), else as {@code 0x} and hex digits; read as text unless it is {@code 0x}
 *       followed by an even number of hex digits. So {@code 11} is the two bytes "11", never 0x11.</li>
 * </ul>
 */
public enum MessageFormat {
    AUTO, BINARY, TEXT;

    private static final HexFormat HEX = HexFormat.of();

    /** The payload as this format shows it. */
    public String format(Bytes payload) {
        return switch (this) {
            case TEXT -> payload.asUtf8();
            case BINARY -> payload.toHex();
            case AUTO -> {
                String text = printableText(payload.unsafeArray());
                yield text != null ? text : "0x" + payload.toHex();
            }
        };
    }

    /**
     * The payload a command-line message stands for.
     *
     * @throws IllegalArgumentException {@code binary} input that is not hex digits
     */
    public Bytes parse(String message) {
        return switch (this) {
            case TEXT -> Bytes.utf8(message);
            case BINARY -> Bytes.wrap(parseHex(message.startsWith("0x") || message.startsWith("0X")
                    ? message.substring(2) : message));
            case AUTO -> isHexLiteral(message) ? Bytes.wrap(parseHex(message.substring(2))) : Bytes.utf8(message);
        };
    }

    private static boolean isHexLiteral(String s) {
        if (s.length() < 4 || s.length() % 2 != 0 || !(s.startsWith("0x") || s.startsWith("0X"))) {
            return false;
        }
        for (int i = 2; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] parseHex(String digits) {
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + digits + "' is not an even number of hexadecimal digits");
        }
    }

    private static String printableText(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return null;
            }
        }
        return text;
    }
}
