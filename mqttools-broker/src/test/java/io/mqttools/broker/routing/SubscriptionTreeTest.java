package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionTreeTest {
    private static final Predicate<String> ALL = id -> true;

    private final SubscriptionTree tree = new SubscriptionTree();

    private static Subscription sub(String filter, QoS qos) {
        return new Subscription(filter, qos);
    }

    private static Subscription sub(String filter, QoS qos, boolean noLocal, boolean retainAsPublished) {
        return new Subscription(filter, qos, noLocal, retainAsPublished, RetainHandling.SEND_ON_SUBSCRIBE);
    }

    private List<String> clients(String topic) {
        return tree.route(topic, null, ALL).stream().map(Route::clientId).toList();
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a/b/c      | a/b/c      | true",
        "a/b/c      | a/b        | false",
        "a/b        | a/b/c      | false",
        "a/+/c      | a/b/c      | true",
        "a/+/c      | a/b/d      | false",
        "a/+        | a          | false",
        "a/+        | a/         | true",
        "+          | a          | true",
        "+          | a/b        | false",
        "+/+        | /          | true",
        "+          | /a         | false",
        "/+         | /a         | true",
        "#          | a/b/c      | true",
        "#          | /          | true",
        "a/#        | a          | true",
        "a/#        | a/b/c      | true",
        "a/#        | ab         | false",
        "+/#        | a          | true",
        "a/+/#      | a/b        | true",
        "+/b/#      | x/b/c/d    | true",
        "a//b       | a//b       | true",
        "a/+/b      | a//b       | true",
        "a/b/       | a/b/       | true",
        "a/b/       | a/b        | false",
        "/          | /          | true",
        "/#         | /a/b       | true",
        "#          | $SYS/x     | false",
        "+/x        | $SYS/x     | false",
        "+          | $SYS       | false",
        "$SYS/#     | $SYS       | true",
        "$SYS/+     | $SYS/x     | true",
        "$SYS/x     | $SYS/x     | true",
        "a/$b       | a/$b       | true",
        "a/+        | a/$b       | true",
        "A/b        | a/b        | false",
    })
    void route_matchingTable_matchesLikeTheSpec(String filter, String topic, boolean matches) {
        tree.subscribe("c", sub(filter, QoS.AT_MOST_ONCE), 0);

        assertThat(clients(topic)).isEqualTo(matches ? List.of("c") : List.of());
    }

    @Test
    void route_sharedFilterStartingWithWildcard_doesNotMatchSystemTopic() {
        tree.subscribe("c", sub("$share/g/#", QoS.AT_MOST_ONCE), 0);

        assertThat(clients("$SYS/broker/uptime")).isEmpty();
        assertThat(clients("a")).containsExactly("c");
    }

    @Test
    void route_manyClientsOnOneFilter_oneRouteEach() {
        tree.subscribe("c1", sub("a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("c2", sub("a/b", QoS.AT_LEAST_ONCE), 7);

        assertThat(tree.route("a/b", null, ALL)).containsExactlyInAnyOrder(
                new Route("c1", QoS.AT_MOST_ONCE, false, List.of(), null),
                new Route("c2", QoS.AT_LEAST_ONCE, false, List.of(7), null));
    }

    @Test
    void route_overlappingSubscriptionsOfOneClient_oneRouteWithHighestQosAndAllIdentifiers() {
        tree.subscribe("c", sub("a/+", QoS.AT_LEAST_ONCE), 1);
        tree.subscribe("c", sub("a/#", QoS.EXACTLY_ONCE), 2);
        tree.subscribe("c", sub("a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("c", sub("#", QoS.AT_MOST_ONCE), 3);
        tree.subscribe("other", sub("a/b", QoS.AT_MOST_ONCE), 0);

        List<Route> routes = tree.route("a/b", null, ALL);

        assertThat(routes).hasSize(2);
        Route c = routes.stream().filter(r -> r.clientId().equals("c")).findFirst().orElseThrow();
        assertThat(c.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(c.subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(c.shareName()).isNull();
        assertThat(routes).contains(new Route("other", QoS.AT_MOST_ONCE, false, List.of(), null));
    }

    @Test
    void route_manyOverlappingMatches_mergedPerClient() {
        for (int i = 0; i < 40; i++) {
            tree.subscribe("c" + i, sub("a/b", QoS.AT_MOST_ONCE), 0);
            tree.subscribe("c" + i, sub("a/#", QoS.AT_LEAST_ONCE), i + 1);
            tree.subscribe("c" + i, sub("+/b", QoS.AT_MOST_ONCE, true, true), 100);
        }

        List<Route> routes = tree.route("a/b", "c0", ALL);

        assertThat(routes).hasSize(40);
        assertThat(routes).contains(new Route("c0", QoS.AT_LEAST_ONCE, false, List.of(1), null));
        Route c7 = routes.stream().filter(r -> r.clientId().equals("c7")).findFirst().orElseThrow();
        assertThat(c7.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(c7.retainAsPublished()).isFalse();
        assertThat(c7.subscriptionIdentifiers()).containsExactlyInAnyOrder(8, 100);
    }

    @Test
    void route_crowdedFilterAndFewWildcards_onlyOverlappingClientsMerged() {
        for (int i = 0; i < 100; i++) {
            tree.subscribe("c" + i, sub("news", QoS.AT_MOST_ONCE), 1);
        }
        tree.subscribe("c5", sub("#", QoS.EXACTLY_ONCE), 2);
        tree.subscribe("c6", sub("+", QoS.AT_MOST_ONCE), 3);
        tree.subscribe("solo", sub("#", QoS.AT_LEAST_ONCE), 0);

        List<Route> routes = tree.route("news", null, ALL);

        assertThat(routes).hasSize(101);
        assertThat(routes).extracting(Route::clientId).doesNotHaveDuplicates();
        assertThat(routes).contains(
                new Route("c0", QoS.AT_MOST_ONCE, false, List.of(1), null),
                new Route("solo", QoS.AT_LEAST_ONCE, false, List.of(), null));
        Route c5 = routes.stream().filter(r -> r.clientId().equals("c5")).findFirst().orElseThrow();
        assertThat(c5.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(c5.subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2);
        Route c6 = routes.stream().filter(r -> r.clientId().equals("c6")).findFirst().orElseThrow();
        assertThat(c6.subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 3);
    }

    @Test
    void route_overlappingSubscriptionsWithSameIdentifier_identifierOnce() {
        tree.subscribe("c", sub("a/+", QoS.AT_MOST_ONCE), 5);
        tree.subscribe("c", sub("a/#", QoS.AT_MOST_ONCE), 5);

        assertThat(tree.route("a/b", null, ALL))
                .containsExactly(new Route("c", QoS.AT_MOST_ONCE, false, List.of(5), null));
    }

    @Test
    void route_overlappingSubscriptions_retainAsPublishedOfHighestQosSubscription() {
        tree.subscribe("c", sub("a/+", QoS.AT_LEAST_ONCE, false, true), 0);
        tree.subscribe("c", sub("a/#", QoS.EXACTLY_ONCE, false, false), 0);
        tree.subscribe("d", sub("a/+", QoS.EXACTLY_ONCE, false, true), 0);
        tree.subscribe("d", sub("a/#", QoS.AT_MOST_ONCE, false, false), 0);
        tree.subscribe("e", sub("a/+", QoS.AT_LEAST_ONCE, false, false), 0);
        tree.subscribe("e", sub("a/#", QoS.AT_LEAST_ONCE, false, true), 0);

        assertThat(tree.route("a/b", null, ALL)).containsExactlyInAnyOrder(
                new Route("c", QoS.EXACTLY_ONCE, false, List.of(), null),
                new Route("d", QoS.EXACTLY_ONCE, true, List.of(), null),
                new Route("e", QoS.AT_LEAST_ONCE, true, List.of(), null));
    }

    @Test
    void subscribe_sameFilterAgain_replacesOptionsAndReportsExisting() {
        assertThat(tree.subscribe("c", sub("a/b", QoS.AT_MOST_ONCE), 1)).isFalse();
        assertThat(tree.subscribe("c", sub("a/b", QoS.EXACTLY_ONCE, false, true), 2)).isTrue();

        assertThat(tree.route("a/b", null, ALL))
                .containsExactly(new Route("c", QoS.EXACTLY_ONCE, true, List.of(2), null));
        assertThat(tree.subscriptionCount()).isEqualTo(1);
        assertThat(tree.subscriptions("c")).containsExactly(
                new ClientSubscription(sub("a/b", QoS.EXACTLY_ONCE, false, true), 2));
    }

    @Test
    void subscribe_invalidFilterOrIdentifier_throws() {
        assertThatThrownBy(() -> tree.subscribe("c", sub("a/#/b", QoS.AT_MOST_ONCE), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.subscribe("c", sub("a+", QoS.AT_MOST_ONCE), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.subscribe("c", sub("a", QoS.AT_MOST_ONCE), 268_435_456))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tree.subscriptionCount()).isZero();
        assertThat(tree.isPruned()).isTrue();
    }

    @Test
    void unsubscribe_existingFilter_stopsRoutingAndPrunes() {
        tree.subscribe("c", sub("a/b/c", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("c", sub("a/+/#", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("d", sub("a/b/c", QoS.AT_MOST_ONCE), 0);

        assertThat(tree.unsubscribe("c", "a/b/c")).isTrue();
        assertThat(tree.unsubscribe("c", "a/b/c")).isFalse();
        assertThat(clients("a/b/c")).containsExactlyInAnyOrder("c", "d");
        assertThat(tree.unsubscribe("c", "a/+/#")).isTrue();
        assertThat(clients("a/b/c")).containsExactly("d");
        assertThat(tree.isPruned()).isFalse();

        assertThat(tree.unsubscribe("d", "a/b/c")).isTrue();
        assertThat(tree.isPruned()).isTrue();
        assertThat(tree.subscriptionCount()).isZero();
        assertThat(tree.subscriptions("c")).isEmpty();
    }

    @Test
    void unsubscribe_filterWhoseNodeHasOnlyWildcardChildren_keepsTheChildren() {
        tree.subscribe("parent", sub("a", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("plus", sub("a/+", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("hash", sub("a/#", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("rootPlus", sub("+", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("rootPlusChild", sub("+/x", QoS.AT_MOST_ONCE), 0);

        assertThat(tree.unsubscribe("parent", "a")).isTrue();
        assertThat(tree.unsubscribe("rootPlus", "+")).isTrue();

        assertThat(clients("a/x")).containsExactlyInAnyOrder("plus", "hash", "rootPlusChild");
        assertThat(clients("a")).containsExactly("hash");
    }

    @Test
    void unsubscribe_unknownOrInvalidFilter_false() {
        tree.subscribe("c", sub("a/b", QoS.AT_MOST_ONCE), 0);

        assertThat(tree.unsubscribe("c", "a")).isFalse();
        assertThat(tree.unsubscribe("c", "a/b/c")).isFalse();
        assertThat(tree.unsubscribe("other", "a/b")).isFalse();
        assertThat(tree.unsubscribe("c", "a/#/b")).isFalse();
        assertThat(tree.unsubscribe("c", "$share/g/a/b")).isFalse();
        assertThat(tree.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void unsubscribeAll_removesEveryFilterOfTheClientOnly() {
        tree.subscribe("c", sub("a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("c", sub("#", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("c", sub("$share/g/a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("d", sub("a/b", QoS.AT_MOST_ONCE), 0);

        tree.unsubscribeAll("c");

        assertThat(clients("a/b")).containsExactly("d");
        assertThat(tree.subscriptions("c")).isEmpty();
        assertThat(tree.subscriptionCount()).isEqualTo(1);
        tree.unsubscribeAll("d");
        assertThat(tree.isPruned()).isTrue();
    }

    @Test
    void subscriptions_listsEveryFilterWithOptionsAndIdentifier() {
        Subscription plain = sub("a/b", QoS.AT_LEAST_ONCE, true, false);
        Subscription shared = sub("$share/g/x/#", QoS.EXACTLY_ONCE);
        tree.subscribe("c", plain, 9);
        tree.subscribe("c", shared, 0);
        tree.subscribe("d", sub("a/b", QoS.AT_MOST_ONCE), 0);

        assertThat(tree.subscriptions("c")).containsExactlyInAnyOrder(
                new ClientSubscription(plain, 9), new ClientSubscription(shared, 0));
        assertThat(tree.subscriptions("nobody")).isEmpty();
        assertThat(tree.subscriptionCount()).isEqualTo(3);
    }

    @Test
    void route_noLocal_skipsOnlyThePublishersOwnSubscription() {
        tree.subscribe("pub", sub("a/#", QoS.AT_LEAST_ONCE, true, false), 0);
        tree.subscribe("other", sub("a/#", QoS.AT_LEAST_ONCE, true, false), 0);

        assertThat(tree.route("a/b", "pub", ALL)).extracting(Route::clientId).containsExactly("other");
        assertThat(tree.route("a/b", null, ALL)).extracting(Route::clientId)
                .containsExactlyInAnyOrder("pub", "other");
    }

    @Test
    void route_noLocalOnOneOfOverlappingSubscriptions_otherStillDelivers() {
        tree.subscribe("pub", sub("a/#", QoS.EXACTLY_ONCE, true, false), 1);
        tree.subscribe("pub", sub("a/b", QoS.AT_MOST_ONCE, false, false), 2);
        tree.subscribe("x", sub("+/b", QoS.AT_MOST_ONCE), 0);

        assertThat(tree.route("a/b", "pub", ALL)).containsExactlyInAnyOrder(
                new Route("pub", QoS.AT_MOST_ONCE, false, List.of(2), null),
                new Route("x", QoS.AT_MOST_ONCE, false, List.of(), null));
    }

    @Test
    void subscribe_sharedWithNoLocal_rejectedAsProtocolError() {
        assertThatThrownBy(() -> tree.subscribe("c", sub("$share/g/a", QoS.AT_MOST_ONCE, true, false), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No Local");
        assertThat(tree.subscriptionCount()).isZero();
    }

    @Test
    void route_sharedGroup_roundRobinAmongMembers() {
        tree.subscribe("m1", sub("$share/g/a/+", QoS.AT_LEAST_ONCE), 4);
        tree.subscribe("m2", sub("$share/g/a/+", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m3", sub("$share/g/a/+", QoS.AT_MOST_ONCE), 0);

        List<String> receivers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<Route> routes = tree.route("a/b", null, ALL);
            assertThat(routes).hasSize(1);
            assertThat(routes.get(0).shareName()).isEqualTo("g");
            receivers.add(routes.get(0).clientId());
        }

        assertThat(receivers.subList(0, 3)).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(receivers.subList(3, 6)).isEqualTo(receivers.subList(0, 3));
        assertThat(tree.route("a/b", null, id -> id.equals("m1")))
                .containsExactly(new Route("m1", QoS.AT_LEAST_ONCE, false, List.of(4), "g"));
    }

    @Test
    void route_sharedGroupWithUnavailableMember_skipsItAndStaysFair() {
        tree.subscribe("m1", sub("$share/g/t", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m2", sub("$share/g/t", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m3", sub("$share/g/t", QoS.AT_MOST_ONCE), 0);
        Predicate<String> notM2 = id -> !id.equals("m2");

        List<String> receivers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            receivers.add(tree.route("t", null, notM2).get(0).clientId());
        }

        assertThat(receivers).doesNotContain("m2");
        assertThat(receivers.stream().filter("m1"::equals).count()).isEqualTo(4);
        assertThat(receivers.stream().filter("m3"::equals).count()).isEqualTo(4);
    }

    @Test
    void route_sharedGroupWithNoMemberAvailable_stillDeliversToOne() {
        tree.subscribe("m1", sub("$share/g/t", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m2", sub("$share/g/t", QoS.AT_MOST_ONCE), 0);

        List<Route> routes = tree.route("t", null, id -> false);

        assertThat(routes).hasSize(1);
        assertThat(routes.get(0).clientId()).isIn("m1", "m2");
    }

    @Test
    void route_severalGroupsAndPlainSubscriptions_oneRoutePerGroupPlusPlainRoutes() {
        tree.subscribe("m1", sub("$share/g1/a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m2", sub("$share/g1/a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m1", sub("$share/g2/a/#", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m3", sub("$share/g1/a/+", QoS.AT_MOST_ONCE), 0); // same name, other filter: other group
        tree.subscribe("m1", sub("a/b", QoS.AT_LEAST_ONCE), 0);

        List<Route> routes = tree.route("a/b", "m1", ALL);

        assertThat(routes).hasSize(4);
        assertThat(routes).filteredOn(r -> r.shareName() == null)
                .containsExactly(new Route("m1", QoS.AT_LEAST_ONCE, false, List.of(), null));
        assertThat(routes).filteredOn(r -> "g1".equals(r.shareName())).hasSize(2);
        assertThat(routes).filteredOn(r -> "g2".equals(r.shareName())).extracting(Route::clientId)
                .containsExactly("m1");
    }

    @Test
    void subscribe_sharedSameFilterAgain_replacesMembership() {
        assertThat(tree.subscribe("m", sub("$share/g/t", QoS.AT_MOST_ONCE), 0)).isFalse();
        assertThat(tree.subscribe("m", sub("$share/g/t", QoS.EXACTLY_ONCE), 3)).isTrue();

        assertThat(tree.route("t", null, ALL))
                .containsExactly(new Route("m", QoS.EXACTLY_ONCE, false, List.of(3), "g"));
        assertThat(tree.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void unsubscribe_lastSharedMember_removesGroupAndPrunes() {
        tree.subscribe("m1", sub("$share/g/a/b", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("m2", sub("$share/g/a/b", QoS.AT_MOST_ONCE), 0);

        assertThat(tree.unsubscribe("m1", "$share/g/a/b")).isTrue();
        assertThat(tree.unsubscribe("m1", "$share/g/a/b")).isFalse();
        assertThat(clients("a/b")).containsExactly("m2");
        assertThat(tree.unsubscribe("m2", "$share/other/a/b")).isFalse();
        assertThat(tree.unsubscribe("m2", "a/b")).isFalse();
        assertThat(tree.unsubscribe("m2", "$share/g/a/b")).isTrue();

        assertThat(clients("a/b")).isEmpty();
        assertThat(tree.isPruned()).isTrue();
    }

    @Test
    void unsubscribe_churnOfManyFilters_leavesNothingBehind() {
        for (int i = 0; i < 1000; i++) {
            String filter = "dev/" + i + (i % 3 == 0 ? "/+/x" : i % 3 == 1 ? "/#" : "");
            tree.subscribe("c" + i, sub(filter, QoS.AT_MOST_ONCE), 0);
            tree.subscribe("s" + i, sub("$share/g" + i + "/" + filter, QoS.AT_MOST_ONCE), 0);
        }
        assertThat(tree.subscriptionCount()).isEqualTo(2000);

        for (int i = 0; i < 1000; i++) {
            tree.unsubscribeAll("c" + i);
            tree.unsubscribeAll("s" + i);
        }

        assertThat(tree.subscriptionCount()).isZero();
        assertThat(tree.isPruned()).isTrue();
        assertThat(Set.copyOf(clients("dev/1/y"))).isEmpty();
    }
}
