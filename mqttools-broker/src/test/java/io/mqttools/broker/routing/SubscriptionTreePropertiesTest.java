package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The tree agrees with a brute-force model over every subscription, and so does the retained store's trie. */
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
        filterToClient.forEach((filter, client) ->
                tree.subscribe(client, new Subscription(filter, QoS.AT_MOST_ONCE), 0));

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

    /** One step of a client session: subscribe (with options) or, when {@code unsubscribe}, remove the filter. */
    record Step(String client, String filter, QoS qos, boolean noLocal, boolean retainAsPublished, int id,
                boolean unsubscribe) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of("c1", "c2", "c3"), filters(),
                Arbitraries.of(QoS.class), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 4))
                .as((client, filter, qos, noLocal, rap, id, kind) -> new Step(client, filter, qos, noLocal, rap, id,
                        kind == 0));
        return step.list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void route_subscribeAndUnsubscribeWithOptions_sameRoutesAsModel(@ForAll("steps") List<Step> steps,
                                                                    @ForAll("topicList") List<String> topics) {
        SubscriptionTree tree = new SubscriptionTree();
        Map<List<String>, Step> model = new LinkedHashMap<>(); // (client, filter) -> the subscription in force
        for (Step step : steps) {
            List<String> key = List.of(step.client(), step.filter());
            if (step.unsubscribe()) {
                assertThat(tree.unsubscribe(step.client(), step.filter())).isEqualTo(model.remove(key) != null);
            } else {
                Subscription subscription = new Subscription(step.filter(), step.qos(), step.noLocal(),
                        step.retainAsPublished(), RetainHandling.SEND_ON_SUBSCRIBE);
                assertThat(tree.subscribe(step.client(), subscription, step.id())).isEqualTo(model.containsKey(key));
                model.put(key, step);
            }
        }
        assertThat(tree.subscriptionCount()).isEqualTo(model.size());

        for (String topic : topics) {
            for (String publisher : new String[] {null, "c1"}) {
                Set<List<Object>> expected = model.values().stream()
                        .filter(s -> TopicFilter.matches(s.filter(), topic))
                        .filter(s -> !(s.noLocal() && s.client().equals(publisher))) // [MQTT-3.8.3-3]
                        .collect(Collectors.groupingBy(Step::client)).values().stream()
                        .map(SubscriptionTreePropertiesTest::merged)
                        .collect(Collectors.toSet());
                List<Route> routes = tree.route(topic, publisher, id -> true);
                Set<List<Object>> actual = routes.stream()
                        .map(r -> List.<Object>of(r.clientId(), r.qos(), r.retainAsPublished(),
                                Set.copyOf(r.subscriptionIdentifiers())))
                        .collect(Collectors.toSet());
                assertThat(routes).as("topic %s from %s", topic, publisher).hasSameSizeAs(expected);
                assertThat(actual).as("topic %s from %s", topic, publisher).isEqualTo(expected);
            }
        }
        for (Step step : List.copyOf(model.values())) {
            tree.unsubscribe(step.client(), step.filter());
        }
        assertThat(tree.isPruned()).isTrue();
    }

    /** The model of one client's delivery: highest QoS, its Retain As Published (any among ties), every id. */
    private static List<Object> merged(List<Step> matching) {
        QoS qos = matching.stream().map(Step::qos).max(Enum::compareTo).orElseThrow();
        boolean rap = matching.stream().anyMatch(s -> s.qos() == qos && s.retainAsPublished());
        Set<Integer> ids = matching.stream().map(Step::id).filter(id -> id != 0).collect(Collectors.toSet());
        return List.of(matching.get(0).client(), qos, rap, ids);
    }

    @Provide
    Arbitrary<List<List<String>>> sharedSubscriptions() {
        // (client, share name, filter): three clients spread over two share names
        return Combinators.combine(Arbitraries.of("c1", "c2", "c3"), Arbitraries.of("g", "h"), filters())
                .as((client, share, filter) -> List.of(client, share, filter)).list().ofMaxSize(15);
    }

    @Property(tries = 300)
    void route_sharedSubscriptions_oneMemberPerMatchingGroup(
            @ForAll("sharedSubscriptions") List<List<String>> subscriptions, @ForAll("topicList") List<String> topics) {
        SubscriptionTree tree = new SubscriptionTree();
        Map<List<String>, Set<String>> groups = new LinkedHashMap<>(); // (share, filter) -> members
        for (List<String> s : subscriptions) {
            tree.subscribe(s.get(0), new Subscription("$share/" + s.get(1) + "/" + s.get(2), QoS.AT_LEAST_ONCE), 0);
            groups.computeIfAbsent(List.of(s.get(1), s.get(2)), k -> new HashSet<>()).add(s.get(0));
        }

        for (String topic : topics) {
            List<Route> routes = tree.route(topic, "c1", id -> !id.equals("c2"));
            for (String share : List.of("g", "h")) {
                List<Set<String>> matching = groups.entrySet().stream()
                        .filter(e -> e.getKey().get(0).equals(share) && TopicFilter.matches(e.getKey().get(1), topic))
                        .map(Map.Entry::getValue).toList();
                List<Route> chosen = routes.stream().filter(r -> share.equals(r.shareName())).toList();
                assertThat(chosen).as("topic %s share %s", topic, share).hasSameSizeAs(matching);
                Set<String> allowed = matching.stream().flatMap(Set::stream).collect(Collectors.toSet());
                assertThat(chosen).allSatisfy(r -> assertThat(allowed).contains(r.clientId()));
                for (Set<String> members : matching) {
                    if (!members.equals(Set.of("c2"))) { // c2 is unavailable: taken only when it is the only member
                        assertThat(chosen).as("group %s", members)
                                .anySatisfy(r -> assertThat(members).contains(r.clientId()));
                    }
                }
                if (matching.stream().noneMatch(m -> m.equals(Set.of("c2")))) {
                    assertThat(chosen).extracting(Route::clientId).doesNotContain("c2");
                }
            }
            assertThat(routes).allSatisfy(r -> assertThat(r.shareName()).isNotNull());
        }
    }
}
