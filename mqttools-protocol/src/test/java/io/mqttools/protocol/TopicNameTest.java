package io.mqttools.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "/", "//", "a//b", "/a", "a/", "$SYS/broker", " ", "caf\u00e9", "\uFEFFa"})
    void validate_validNames_null(String name) {
        assertThat(TopicName.validate(name)).isNull();
        assertThat(TopicName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#", "+", "a/+", "a/#", "a+b", "a#", "a\u0000"})
    void validate_invalidNames_reason(String name) {
        assertThat(TopicName.validate(name)).isNotNull();
        assertThat(TopicName.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$SYS", "$SYS/x", "$share/g/a", "$"})
    void isSystemTopic_dollarTopics_true(String name) {
        assertThat(TopicName.isSystemTopic(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYS", "a/$", "", "/$"})
    void isSystemTopic_otherTopics_false(String name) {
        assertThat(TopicName.isSystemTopic(name)).isFalse();
    }
}
