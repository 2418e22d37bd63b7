package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The tree agrees with matching every subscription by brute force, and with the retained store's trie. */
class SubscriptionTreePropertiesTest {
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "", "$s");

    private static Arbitrary<String> topics() {
        return Arbitraries.of(TOPIC_LEVELS).list().ofMinSize(1).ofMaxSize(4)
                .map(levels -> String.join("/", levels))
                .filter(topic -> !topic.isEmpty());
    }

    private static Arbitrary<String> filters() {
        Arbitrary<List<String>> body = Arbitraries.of("a", "b", "", "$s", "+").list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(body, Arbitraries.of(true, false)).as((levels, hash) -> {
            String filter = String.join("/", levels);
            return hash ? (filter.isEmpty() ? "#" : filter + "/#") : filter;
        }).filter(TopicFilter::isValid);
    }

    @Provide
    Arbitrary<Map<String, String>> subscriptions() {
        // filter -> client: a few clients holding several (possibly overlapping) filters each
        return Arbitraries.maps(filters(), Arbitraries.of("c1", "c2", "c3")).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<String>> topicList() {
        return topics().list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 300)
    void route_anySubscriptions_sameClientsAsBruteForce(@ForAll("subscriptions") Map<String, String> filterToClient,
                                                        @ForAll("topicList") List<String> topics) {
        SubscriptionTree tree = new SubscriptionTree();
        filterToClient.forEach((filter, client) -> tree.subscribe(client, new Subscription(filter, QoS.AT_MOST_ONCE), 0));

        for (String topic : topics) {
            Set<String> expected = new HashSet<>();
            filterToClient.forEach((filter, client) -> {
                if (TopicFilter.matches(filter, topic)) {
                    expected.add(client);
                }
            });
            List<String> routed = tree.route(topic, null, id -> true).stream().map(Route::clientId).toList();
            assertThat(routed).as("topic %s", topic).doesNotHaveDuplicates();
            assertThat(Set.copyOf(routed)).as("topic %s", topic).isEqualTo(expected);
        }
    }

    @Property(tries = 300)
    void retainedMatch_anyFilter_sameTopicsAsBruteForce(@ForAll("topicList") List<String> topics,
                                                        @ForAll("subscriptions") Map<String, String> filters) {
        InMemoryRetainedStore store = new InMemoryRetainedStore(() -> 0L);
        for (String topic : topics) {
            store.put(new Publish(topic, QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8(topic), Properties.EMPTY));
        }

        for (String filter : filters.keySet()) {
            Set<String> expected = new HashSet<>();
            for (String topic : Set.copyOf(topics)) {
                if (TopicFilter.matches(filter, topic)) {
                    expected.add(topic);
                }
            }
            List<String> matched = store.match(filter).stream().map(Publish::topic).toList();
            assertThat(matched).as("filter %s", filter).doesNotHaveDuplicates();
            assertThat(Set.copyOf(matched)).as("filter %s", filter).isEqualTo(expected);
        }
    }
}
