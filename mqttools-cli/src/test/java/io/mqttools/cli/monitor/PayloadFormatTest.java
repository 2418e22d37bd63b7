package io.mqttools.cli.monitor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {
    private static final byte[] NOT_UTF8 = {(byte) 0xFF, 0x00, 0x41};

    @Test
    void format_autoWithText_showsText() {
        assertThat(PayloadFormat.AUTO.format("11".getBytes(UTF_8), 100)).isEqualTo("11");
    }

    @Test
    void format_autoWithInvalidUtf8_showsHex() {
        assertThat(PayloadFormat.AUTO.format(NOT_UTF8, 100)).isEqualTo("0xff0041");
    }

    @Test
    void format_binaryWithText_showsHex() {
        assertThat(PayloadFormat.BINARY.format("Hi".getBytes(UTF_8), 100)).isEqualTo("4869");
    }

    @Test
    void format_textWithInvalidUtf8_replacesAndEscapes() {
        assertThat(PayloadFormat.TEXT.format(NOT_UTF8, 100)).isEqualTo("\uFFFD\\x00A");
    }

    @Test
    void format_textWithControlAndSupplementaryCharacters_escapesThem() {
        String payload = "a\nb\tc\u001B[2Jd\uD83D\uDE00";

        assertThat(PayloadFormat.TEXT.format(payload.getBytes(UTF_8), 100))
                .isEqualTo("a\\nb\\tc\\x1B[2Jd\\u{1F600}");
    }

    @Test
    void format_autoWithLineBreaksAndEmoji_isEscapedText() {
        String payload = "{\n\t\"a\": 1\r\n}\uD83D\uDE00";

        assertThat(PayloadFormat.AUTO.format(payload.getBytes(UTF_8), 100))
                .isEqualTo("{\\n\\t\"a\": 1\\r\\n}\\u{1F600}");
    }

    @Test
    void format_autoWithOtherControlCharacters_isHexLikeTheSubscribeCommand() {
        assertThat(PayloadFormat.AUTO.format(new byte[] {'a', 0x1B}, 100)).isEqualTo("0x611b");
    }

    @Test
    void format_largePayload_isCutNearMaxChars() {
        byte[] big = new byte[1_000_000];
        Arrays.fill(big, (byte) 'x');

        assertThat(PayloadFormat.AUTO.format(big, 50)).hasSizeBetween(50, 60);
        assertThat(PayloadFormat.BINARY.format(big, 50)).hasSizeBetween(50, 60);
    }

    @Test
    void format_utf8CutInsideACharacter_isStillText() {
        byte[] full = "ééééé".getBytes(UTF_8);
        byte[] head = Arrays.copyOf(full, 5);

        assertThat(PayloadFormat.AUTO.format(head, full.length, 100)).isEqualTo("éé");
    }

    @Test
    void format_completePayloadEndingInsideACharacter_isHexInAuto() {
        byte[] broken = Arrays.copyOf("é".getBytes(UTF_8), 1);

        assertThat(PayloadFormat.AUTO.format(broken, 100)).isEqualTo("0xc3");
    }

    @Test
    void next_cycles_autoBinaryText() {
        assertThat(PayloadFormat.AUTO.next()).isEqualTo(PayloadFormat.BINARY);
        assertThat(PayloadFormat.BINARY.next()).isEqualTo(PayloadFormat.TEXT);
        assertThat(PayloadFormat.TEXT.next()).isEqualTo(PayloadFormat.AUTO);
        assertThat(PayloadFormat.TEXT.label()).isEqualTo("text");
    }
}
