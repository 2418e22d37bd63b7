package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicLevelsTest {
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({"a/#, a, true", "a/#, a/b/c, true", "#, $SYS/x, false", "+/x, $SYS/x, false", "$SYS/#, $SYS/x, true",
        "a/+, a/b, true", "a/+, a/b/c, false", "a/+, a, false", "a/b, a/b, true", "a/b, a/c, false", "+, '', true",
        "a//b, a//b, true"})
    void matches_ruleAndTopic(String rule, String topic, boolean expected) {
        assertThat(TopicLevels.matches(TopicLevels.split(rule), TopicLevels.split(topic))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({"a/#, a/#, true", "a/#, a, true", "a/#, a/+/c, true", "#, #, true", "#, $SYS/#, false",
        "+, #, false", "a/+, a/+, true", "a/+, a/b, true", "a/b, a/+, false", "a/b, a/b, true", "+/+, +/#, false"})
    void covers_ruleAndFilter(String rule, String filter, boolean expected) {
        assertThat(TopicLevels.covers(TopicLevels.split(rule), TopicLevels.split(filter))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({"a/#, #, true", "a/#, a, true", "a, a/#, true", "a/b, +/+, true", "a/b, +, false", "a/b, a/c, false",
        "#, $SYS/#, false", "$SYS/#, #, false", "$SYS/#, $SYS/+, true", "a/+/c, +/b/#, true", "a/+/c, +/b/d, false"})
    void overlaps_ruleAndFilter(String rule, String filter, boolean expected) {
        assertThat(TopicLevels.overlaps(TopicLevels.split(rule), TopicLevels.split(filter))).isEqualTo(expected);
    }
}
