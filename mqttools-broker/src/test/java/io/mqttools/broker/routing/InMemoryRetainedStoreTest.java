package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemoryRetainedStoreTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryRetainedStore store = new InMemoryRetainedStore(nanos::get);

    private static Publish retained(String topic, String payload) {
        return new Publish(topic, QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8(payload), Properties.EMPTY);
    }

    private static Publish expiring(String topic, long seconds) {
        return retained(topic, "x").withProperties(
                Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, seconds).build());
    }

    private void advanceSeconds(double seconds) {
        nanos.addAndGet((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    private List<String> topics(String filter) {
        return store.match(filter).stream().map(Publish::topic).toList();
    }

    @Test
    void put_newTopics_storedAndCounted() {
        Publish message = retained("a/b", "1");
        store.put(message);
        store.put(retained("a/c", "2"));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.match("a/b")).containsExactly(message);
    }

    @Test
    void put_sameTopic_replacesPreviousMessage() {
        store.put(retained("a/b", "old"));
        store.put(retained("a/b", "new"));

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.match("a/b")).extracting(p -> p.payload().asUtf8()).containsExactly("new");
    }

    @Test
    void put_emptyPayload_deletesAndStoresNothing() {
        store.put(retained("a/b", "1"));
        store.put(retained("a/b/c", "2"));

        store.put(retained("a/b", ""));
        store.put(retained("never/stored", ""));

        assertThat(store.size()).isEqualTo(1);
        assertThat(topics("#")).containsExactly("a/b/c");
        store.put(retained("a/b/c", ""));
        assertThat(store.size()).isZero();
        assertThat(topics("#")).isEmpty();
    }

    @Test
    void put_storedCopy_retainSetDupClearedAliasDropped_qosAndPacketIdAsPublished() {
        Publish published = new Publish("a", QoS.AT_LEAST_ONCE, false, true, 42, Bytes.utf8("p"),
                Properties.builder().set(PropertyId.TOPIC_ALIAS, 3).set(PropertyId.CONTENT_TYPE, "text").build());

        store.put(published);

        Publish stored = store.match("a").get(0);
        assertThat(stored.retain()).isTrue();
        assertThat(stored.dup()).isFalse();
        assertThat(stored.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(stored.packetId()).isEqualTo(42);
        assertThat(stored.properties().has(PropertyId.TOPIC_ALIAS)).isFalse();
        assertThat(stored.properties().getString(PropertyId.CONTENT_TYPE)).isEqualTo("text");
    }

    @Test
    void put_invalidTopic_throws() {
        assertThatThrownBy(() -> store.put(retained("a/+", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(retained("", "1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a/b/c     | a/b/c",
        "a/+/c     | a/b/c,a/x/c",
        "a/#       | a,a/b,a/b/c,a/x/c,a//d",
        "a/b/#     | a/b,a/b/c",
        "+         | a,top",
        "+/+       | a/b,/x",
        "#         | a,a/b,a/b/c,a/x/c,top,/x,a//d",
        "+/#       | a,a/b,a/b/c,a/x/c,top,/x,a//d",
        "/+        | /x",
        "a/+/d     | a//d",
        "$SYS/#    | $SYS/load,$SYS/x/y",
        "$SYS/+    | $SYS/load",
        "+/load    | ''",
        "nothing/# | ''",
    })
    void match_filters_returnMatchingTopicsOnly(String filter, String expected) {
        for (String topic : List.of("a", "a/b", "a/b/c", "a/x/c", "top", "/x", "a//d", "$SYS/load", "$SYS/x/y")) {
            store.put(retained(topic, topic));
        }

        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(topics(filter)).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void match_sharedFilter_nothing() {
        store.put(retained("a", "1"));

        assertThat(store.match("$share/g/a")).isEmpty();
    }

    @Test
    void match_beforeExpiry_returnsRemainingSeconds() {
        store.put(expiring("a", 10));
        store.put(retained("b", "forever"));

        advanceSeconds(3.5);

        assertThat(store.match("a").get(0).properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1))
                .isEqualTo(7);
        assertThat(store.match("b").get(0).properties().has(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isFalse();
        advanceSeconds(6.49);
        assertThat(store.match("a").get(0).properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1))
                .isEqualTo(1);
    }

    @Test
    void match_afterExpiry_leavesOutAndRemoves() {
        store.put(expiring("a/1", 10));
        store.put(expiring("a/2", 20));
        store.put(retained("a/3", "forever"));

        advanceSeconds(10);

        assertThat(topics("a/+")).containsExactlyInAnyOrder("a/2", "a/3");
        assertThat(store.size()).isEqualTo(2);
        advanceSeconds(1000);
        assertThat(topics("#")).containsExactly("a/3");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void removeExpired_sweepsExpiredMessagesNobodyMatched() {
        store.put(expiring("x/1", 5));
        store.put(expiring("y/2/3", 50));
        store.put(retained("z", "forever"));

        advanceSeconds(5);

        assertThat(store.removeExpired()).isEqualTo(1);
        assertThat(store.size()).isEqualTo(2);
        assertThat(topics("#")).containsExactlyInAnyOrder("y/2/3", "z");
    }

    @Test
    void put_replacingAnExpiringMessage_restartsItsClock() {
        store.put(expiring("a", 10));
        advanceSeconds(9);
        store.put(expiring("a", 10));
        advanceSeconds(9);

        assertThat(store.match("a")).hasSize(1);
    }
}
