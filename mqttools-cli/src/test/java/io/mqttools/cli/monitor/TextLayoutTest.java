package io.mqttools.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextLayoutTest {
    @Test
    void wrap_shortText_isOneLine() {
        assertThat(TextLayout.wrap("abc", 10, 3)).containsExactly("abc");
    }

    @Test
    void wrap_emptyText_isOneEmptyLine() {
        assertThat(TextLayout.wrap("", 10, 3)).containsExactly("");
    }

    @Test
    void wrap_longText_fillsLinesToWidth() {
        assertThat(TextLayout.wrap("abcdefghij", 4, 3)).containsExactly("abcd", "efgh", "ij");
    }

    @Test
    void wrap_tooLongForMaxLines_endsInEllipsis() {
        assertThat(TextLayout.wrap("abcdefghijklmnop", 5, 2)).containsExactly("abcde", "fg...");
    }

    @Test
    void wrap_doubleWidthCharacters_countTwoColumns() {
        assertThat(TextLayout.wrap("日本語です", 4, 3)).containsExactly("日本", "語で", "す");
    }

    @Test
    void pad_shortAndLong_giveExactWidth() {
        assertThat(TextLayout.pad("ab", 5)).isEqualTo("ab   ");
        assertThat(TextLayout.pad("abcdefgh", 5)).isEqualTo("ab...");
    }
}
