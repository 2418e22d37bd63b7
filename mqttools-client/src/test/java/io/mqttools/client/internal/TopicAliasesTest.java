package io.mqttools.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicAliasesTest {
    @Test
    void outbound_withinBrokerMaximum_numbersConfiguredTopicsFromOne() {
        OutboundTopicAliases a = new OutboundTopicAliases(List.of("/a", "/b", "/c"));
        a.reset(2);
        assertThat(a.aliasFor("/a")).isEqualTo(1);
        assertThat(a.aliasFor("/b")).isEqualTo(2);
        assertThat(a.aliasFor("/c")).isZero();
        assertThat(a.aliasFor("/other")).isZero();
    }

    @Test
    void outbound_brokerAllowsNone_noAliases() {
        OutboundTopicAliases a = new OutboundTopicAliases(List.of("/a"));
        a.reset(0);
        assertThat(a.aliasFor("/a")).isZero();
    }

    @Test
    void outbound_reset_forgetsRegistrations() {
        OutboundTopicAliases a = new OutboundTopicAliases(List.of("/a"));
        a.reset(5);
        a.markRegistered(1);
        assertThat(a.isRegistered(1)).isTrue();
        a.reset(5);
        assertThat(a.isRegistered(1)).isFalse();
    }

    @Test
    void inbound_aliasWithTopic_setsMappingUsedByEmptyTopic() {
        InboundTopicAliases a = new InboundTopicAliases(10);
        assertThat(a.resolve("/x", 3)).isEqualTo("/x");
        assertThat(a.resolve("", 3)).isEqualTo("/x");
        assertThat(a.resolve("/y", 3)).isEqualTo("/y");
        assertThat(a.resolve("", 3)).isEqualTo("/y");
    }

    @Test
    void inbound_invalidAliases_resolveToNull() {
        InboundTopicAliases a = new InboundTopicAliases(10);
        assertThat(a.resolve("/x", 0)).isNull();
        assertThat(a.resolve("/x", 11)).isNull();
        assertThat(a.resolve("", 4)).isNull();
        assertThat(a.resolve("", InboundTopicAliases.NONE)).isNull();
        assertThat(a.resolve("/x", InboundTopicAliases.NONE)).isEqualTo("/x");
    }

    @Test
    void inbound_clear_forgetsMappings() {
        InboundTopicAliases a = new InboundTopicAliases(10);
        a.resolve("/x", 1);
        a.clear();
        assertThat(a.resolve("", 1)).isNull();
    }
}
