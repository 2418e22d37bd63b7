package io.mqttools.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import org.junit.jupiter.api.Test;

class MessageFormatTest {
    @Test
    void parse_autoDigits_isTextNotHex() {
        assertThat(MessageFormat.AUTO.parse("11")).isEqualTo(Bytes.utf8("11"));
        assertThat(MessageFormat.AUTO.parse("abcd")).isEqualTo(Bytes.utf8("abcd"));
    }

    @Test
    void parse_autoHexLiteral_isBytes() {
        assertThat(MessageFormat.AUTO.parse("0x4142")).isEqualTo(Bytes.utf8("AB"));
        assertThat(MessageFormat.AUTO.parse("0X00ff").toByteArray()).containsExactly(0x00, 0xff);
    }

    @Test
    void parse_autoNotQuiteHex_isText() {
        assertThat(MessageFormat.AUTO.parse("0x414")).isEqualTo(Bytes.utf8("0x414"));
        assertThat(MessageFormat.AUTO.parse("0xzz")).isEqualTo(Bytes.utf8("0xzz"));
        assertThat(MessageFormat.AUTO.parse("0x")).isEqualTo(Bytes.utf8("0x"));
    }

    @Test
    void parse_binary_readsHexWithOrWithoutPrefix() {
        assertThat(MessageFormat.BINARY.parse("11").toByteArray()).containsExactly(0x11);
        assertThat(MessageFormat.BINARY.parse("0x1122").toByteArray()).containsExactly(0x11, 0x22);
        assertThatThrownBy(() -> MessageFormat.BINARY.parse("xyz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hexadecimal");
    }

    @Test
    void parse_text_isUtf8EvenForHexLooking() {
        assertThat(MessageFormat.TEXT.parse("0x4142")).isEqualTo(Bytes.utf8("0x4142"));
    }

    @Test
    void format_autoPrintableUtf8_asText() {
        assertThat(MessageFormat.AUTO.format(Bytes.utf8("héllo\tworld"))).isEqualTo("héllo\tworld");
    }

    @Test
    void format_autoBinary_asPrefixedHex() {
        assertThat(MessageFormat.AUTO.format(Bytes.wrap(new byte[] {1, 2, (byte) 0xff}))).isEqualTo("0x0102ff");
        assertThat(MessageFormat.AUTO.format(Bytes.wrap(new byte[] {(byte) 0xc3}))).isEqualTo("0xc3");
    }

    @Test
    void format_binaryAndText_asAsked() {
        assertThat(MessageFormat.BINARY.format(Bytes.utf8("11"))).isEqualTo("3131");
        assertThat(MessageFormat.TEXT.format(Bytes.utf8("11"))).isEqualTo("11");
    }
}
