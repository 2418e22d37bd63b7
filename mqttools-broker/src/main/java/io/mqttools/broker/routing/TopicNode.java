package io.mqttools.broker.routing;

import java.util.Arrays;

/**
 * One level of the subscription tree: the subscriptions whose filter ends here and the child levels.
 *
 * <p>Concurrency: every field is safe to read without a lock (a {@link LevelMap} of literal children,
 * volatile '+' and '#' children, copy-on-write arrays of subscribers and shared groups).
 * Every method that changes a node is called only by a {@link SubscriptionTree} writer holding the stripe
 * lock of the node's first-level subtree, so writers never race each other on one node.
 */
final class TopicNode {
    private static final SharedGroup[] NO_GROUPS = {};

    private final LevelMap children = new LevelMap();
    private volatile TopicNode plus;
    private volatile TopicNode hash;
    private final SubscriberList subscribers = new SubscriberList();
    private volatile SharedGroup[] groups = NO_GROUPS;

    /** The child for the literal level {@code topic[start, end)}, or null. */
    TopicNode literal(String topic, int start, int end) {
        return children.get(topic, start, end);
    }

    TopicNode plus() {
        return plus;
    }

    TopicNode hash() {
        return hash;
    }

    SubscriberList.Snapshot subscribers() {
        return subscribers.snapshot();
    }

    SharedGroup[] groups() {
        return groups;
    }

    /** The child for a filter level ("+", "#" or a literal), or null. */
    TopicNode child(String level) {
        return switch (level) {
            case "+" -> plus;
            case "#" -> hash;
            default -> children.get(level);
        };
    }

    /** The child for a filter level, created if missing. Writers only. */
    TopicNode childOrCreate(String level) {
        TopicNode child = child(level);
        if (child == null) {
            child = new TopicNode();
            switch (level) {
                case "+" -> plus = child;
                case "#" -> hash = child;
                default -> children.put(level, child);
            }
        }
        return child;
    }

    /** Unlinks an (empty) child. Writers only. */
    void removeChild(String level) {
        switch (level) {
            case "+" -> plus = null;
            case "#" -> hash = null;
            default -> children.remove(level);
        }
    }

    /** True when nothing hangs on this node any more, so that its parent can drop it. */
    boolean isEmpty() {
        return subscribers.isEmpty() && groups.length == 0 && plus == null && hash == null && children.isEmpty();
    }

    /** Adds or replaces the client's subscription; true if it replaced one ([MQTT-3.8.4-3]). Writers only. */
    boolean putSubscriber(Route route, boolean noLocal) {
        return subscribers.put(route, noLocal);
    }

    /** Removes the client's subscription; true if there was one. Writers only. */
    boolean removeSubscriber(String clientId) {
        return subscribers.remove(clientId);
    }

    /** Adds or replaces the client's membership of the named group; true if it replaced one. Writers only. */
    boolean putMember(String shareName, Route member) {
        SharedGroup group = group(shareName);
        if (group == null) {
            groups = appended(groups, new SharedGroup(shareName, member));
            return false;
        }
        return group.put(member);
    }

    /** Removes the client from the named group, dropping the group when it empties. Writers only. */
    boolean removeMember(String shareName, String clientId) {
        SharedGroup group = group(shareName);
        if (group == null || !group.remove(clientId)) {
            return false;
        }
        if (group.isEmpty()) {
            SharedGroup[] current = groups;
            groups = removed(current, Arrays.asList(current).indexOf(group));
        }
        return true;
    }

    private SharedGroup group(String shareName) {
        for (SharedGroup group : groups) {
            if (group.shareName().equals(shareName)) {
                return group;
            }
        }
        return null;
    }

    private static <T> T[] appended(T[] array, T element) {
        T[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = element;
        return copy;
    }

    private static <T> T[] removed(T[] array, int index) {
        T[] copy = Arrays.copyOf(array, array.length - 1);
        System.arraycopy(array, index + 1, copy, index, array.length - index - 1);
        return copy;
    }
}
