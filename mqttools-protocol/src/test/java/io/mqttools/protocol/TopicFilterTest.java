package io.mqttools.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a", "a/b", "a/+", "a/#", "+/+", "+/#", "/", "//", "a//b", "/+", "+/",
            "$SYS/#", "$share/g/a", "$share/g/#", "$share/g/+/b", " ", "a b/\uFEFF", "sport/tennis/+/#"})
    void validate_validFilters_null(String filter) {
        assertThat(TopicFilter.validate(filter)).isNull();
        assertThat(TopicFilter.isValid(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a#", "#/a", "a/#/b", "a/b#", "+a", "a+", "a/+b", "a/b+/c", "##", "++",
            "$share/g", "$share//a", "$share/g/", "$share/g+/a", "$share/g#/a", "a\u0000b", "$share"})
    void validate_invalidFilters_reason(String filter) {
        assertThat(TopicFilter.validate(filter)).isNotNull();
        assertThatThrownBy(() -> TopicFilter.parse(filter)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_sharedSubscription_splitsShareNameAndFilter() {
        TopicFilter f = TopicFilter.parse("$share/group/a/+/c");
        assertThat(f.isShared()).isTrue();
        assertThat(f.shareName()).isEqualTo("group");
        assertThat(f.filter()).isEqualTo("a/+/c");
        assertThat(f.text()).isEqualTo("$share/group/a/+/c");
        assertThat(f.hasWildcard()).isTrue();
        assertThat(f.matches("a/b/c")).isTrue();
    }

    @Test
    void parse_plainFilter_notShared() {
        TopicFilter f = TopicFilter.parse("a/b");
        assertThat(f.isShared()).isFalse();
        assertThat(f.shareName()).isNull();
        assertThat(f.hasWildcard()).isFalse();
        assertThat(f).isEqualTo(TopicFilter.parse("a/b")).hasSameHashCodeAs(TopicFilter.parse("a/b"));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // multi-level wildcard
            "#|a|true",
            "#|a/b/c|true",
            "#|/|true",
            "#|/a|true",
            "a/#|a|true",          // '#' also matches the parent level
            "a/#|a/b|true",
            "a/#|a/b/c|true",
            "a/#|ab|false",
            "a/#|b/a|false",
            "a/b/#|a/b|true",
            "a/b/#|a/bc|false",
            "+/#|a|true",
            // single-level wildcard
            "+|a|true",
            "+|a/b|false",
            "+|/|false",
            "+/+|/|true",          // two empty levels
            "/+|/a|true",
            "/+|a|false",
            "+/|a/|true",
            "a/+|a|false",
            "a/+|a/|true",         // '+' matches an empty level
            "a/+|a/b/c|false",
            "a/+/c|a/b/c|true",
            "a/+/c|a//c|true",
            "a/+/+|a/b|false",
            // empty levels
            "a//b|a//b|true",
            "a//b|a/b|false",
            "a/b|a//b|false",
            "/|/|true",
            "//|/|false",
            // exact
            "a/b|a/b|true",
            "a/b|a/b/|false",
            "a/b|A/b|false",
            "a/b|a/bb|false",
            // '$' topics are hidden from leading wildcards [MQTT-4.7.2-1]
            "#|$SYS/x|false",
            "+/x|$SYS/x|false",
            "+|$SYS|false",
            "$SYS/#|$SYS/x|true",
            "$SYS/+|$SYS/x|true",
            "$SYS/#|$SYS|true",
            "a/#|a/$b|true",
    })
    void matches_filterAndTopic_expected(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.matches(filter, topic)).isEqualTo(expected);
    }
}
