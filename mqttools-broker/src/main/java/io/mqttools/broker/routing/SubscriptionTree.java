package io.mqttools.broker.routing;

import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The in-memory {@link Router}: a trie of filter levels, with '+' and '#' as their own children, holding
 * each filter's subscribers and shared groups at the node where the filter ends.
 *
 * <h2>Concurrency</h2>
 * Routing takes no lock and writes nothing shared except a shared group's round-robin counter: it reads
 * lock-free children maps ({@link LevelMap}) and volatile immutable snapshots of each node's routes, so it
 * sees every node either before or after a concurrent change, never half of one. Subscribe and unsubscribe lock one of 64 stripes chosen
 * by the filter's first level (after any {@code $share/group/} prefix), and every change below a first-level
 * node happens under that node's stripe. Hence writers of one subtree are serialised, which makes pruning
 * safe (a node is unlinked only when empty, and nothing can be added to it concurrently), while
 * writers of different subtrees proceed in parallel. A route that runs during a change may or may not see
 * it, as if it had run just before or just after.
 *
 * <p>A subscribe copies the subscriber array of its own node ({@link SubscriberList}), so its cost grows with
 * the number of subscribers of that one filter (a memory copy), not with the size of the tree. Nodes left
 * empty by an unsubscribe are unlinked up to the first non-empty ancestor, so memory follows the live
 * subscriptions, not the churn.
 *
 * <p>Routing a message visits, per topic level, the literal child ({@link LevelMap}, looked up without
 * cutting a substring), the '+' child and the '#' child, and allocates only the result and a small
 * collector; a client's overlapping subscriptions are merged as {@link RouteCollector} describes.
 *
 * <p>Each client's subscriptions are also indexed by client identifier, for {@link #subscriptions} and
 * {@link #unsubscribeAll}; the index is updated under the same stripe lock as the tree.
 */
public final class SubscriptionTree implements Router {
    private static final int STRIPES = 64;
    private static final int MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;

    private final TopicNode root = new TopicNode();
    private final Object[] stripes = new Object[STRIPES];
    private final Map<String, Map<String, ClientSubscription>> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    public SubscriptionTree() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the filter is invalid, the identifier out of range, or a shared
     *                                  subscription asks for No Local ([MQTT-3.8.3-4]: the connection answers
     *                                  with a protocol error)
     */
    @Override
    public boolean subscribe(String clientId, Subscription subscription, int subscriptionIdentifier) {
        Objects.requireNonNull(clientId, "clientId");
        TopicFilter filter = TopicFilter.parse(subscription.topicFilter());
        if (filter.isShared() && subscription.noLocal()) {
            throw new IllegalArgumentException("No Local must not be set on a shared subscription"); // [MQTT-3.8.3-4]
        }
        if (subscriptionIdentifier < 0 || subscriptionIdentifier > MAX_SUBSCRIPTION_IDENTIFIER) {
            throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionIdentifier);
        }
        Route route = new Route(clientId, subscription.maxQos(), subscription.retainAsPublished(),
                subscriptionIdentifier == 0 ? List.of() : List.of(subscriptionIdentifier), filter.shareName());
        ClientSubscription entry = new ClientSubscription(subscription, subscriptionIdentifier);
        synchronized (stripeOf(filter.filter())) {
            TopicNode node = root;
            for (String level : levels(filter.filter())) {
                node = node.childOrCreate(level);
            }
            boolean replaced = filter.isShared() ? node.putMember(filter.shareName(), route)
                    : node.putSubscriber(route, subscription.noLocal()); // [MQTT-3.8.4-3] replace, do not add
            byClient.compute(clientId, (id, filters) -> {
                Map<String, ClientSubscription> map = filters == null ? new ConcurrentHashMap<>() : filters;
                map.put(filter.text(), entry);
                return map;
            });
            if (!replaced) {
                count.incrementAndGet();
            }
            return replaced;
        }
    }

    @Override
    public boolean unsubscribe(String clientId, String topicFilter) {
        if (!TopicFilter.isValid(topicFilter)) {
            return false;
        }
        TopicFilter filter = TopicFilter.parse(topicFilter);
        String[] levels = levels(filter.filter());
        TopicNode[] path = new TopicNode[levels.length + 1];
        synchronized (stripeOf(filter.filter())) {
            TopicNode node = root;
            path[0] = node;
            for (int i = 0; i < levels.length; i++) {
                node = node.child(levels[i]);
                if (node == null) {
                    return false;
                }
                path[i + 1] = node;
            }
            boolean removed = filter.isShared() ? node.removeMember(filter.shareName(), clientId)
                    : node.removeSubscriber(clientId);
            if (!removed) {
                return false;
            }
            byClient.computeIfPresent(clientId, (id, filters) -> {
                filters.remove(filter.text());
                return filters.isEmpty() ? null : filters;
            });
            count.decrementAndGet();
            for (int i = levels.length; i > 0 && path[i].isEmpty(); i--) {
                path[i - 1].removeChild(levels[i - 1]);
            }
            return true;
        }
    }

    @Override
    public void unsubscribeAll(String clientId) {
        Map<String, ClientSubscription> filters = byClient.get(clientId);
        if (filters != null) {
            for (String filter : List.copyOf(filters.keySet())) {
                unsubscribe(clientId, filter);
            }
        }
    }

    @Override
    public List<Route> route(String topic, String publisherClientId, Predicate<String> available) {
        Objects.requireNonNull(available, "available");
        RouteCollector collector = new RouteCollector(publisherClientId);
        boolean system = TopicName.isSystemTopic(topic);
        if (!system) { // [MQTT-4.7.2-1] filters starting with a wildcard do not match '$' topics
            TopicNode hash = root.hash();
            if (hash != null) {
                collector.add(hash);
            }
        }
        collect(root, topic, 0, !system, collector);
        return collector.routes(available);
    }

    /**
     * Adds the nodes under {@code node} that match the topic from level {@code start} on; '#' children are
     * added by the caller for the level they stand in, so that "a/#" also matches "a".
     */
    private static void collect(TopicNode node, String topic, int start, boolean plusAllowed,
                                RouteCollector collector) {
        int end = topic.indexOf('/', start);
        if (end < 0) {
            end = topic.length();
        }
        boolean last = end == topic.length();
        TopicNode literal = node.literal(topic, start, end);
        if (literal != null) {
            visit(literal, topic, end, last, collector);
        }
        TopicNode plus = plusAllowed ? node.plus() : null;
        if (plus != null) {
            visit(plus, topic, end, last, collector);
        }
    }

    private static void visit(TopicNode node, String topic, int end, boolean last, RouteCollector collector) {
        TopicNode hash = node.hash(); // "x/#" matches this level's topic and everything below it
        if (hash != null) {
            collector.add(hash);
        }
        if (last) {
            collector.add(node);
        } else {
            collect(node, topic, end + 1, true, collector);
        }
    }

    @Override
    public List<ClientSubscription> subscriptions(String clientId) {
        Map<String, ClientSubscription> filters = byClient.get(clientId);
        return filters == null ? List.of() : List.copyOf(filters.values());
    }

    @Override
    public int subscriptionCount() {
        return count.get();
    }

    /** True when the tree holds no nodes: every subscription was removed and its path pruned. */
    boolean isPruned() {
        return root.isEmpty();
    }

    private Object stripeOf(String filter) {
        int slash = filter.indexOf('/');
        int end = slash < 0 ? filter.length() : slash;
        int h = 0;
        for (int i = 0; i < end; i++) {
            h = 31 * h + filter.charAt(i);
        }
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    private static String[] levels(String filter) {
        return filter.split("/", -1);
    }
}
