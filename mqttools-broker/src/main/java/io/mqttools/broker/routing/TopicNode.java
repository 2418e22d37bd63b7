package io.mqttools.broker.routing;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One level of the subscription tree: the subscriptions whose filter ends here and the child levels.
 *
 * <p>Concurrency: every field is safe to read without a lock (a {@link ConcurrentHashMap} of literal
 * children, volatile '+' and '#' children, volatile copy-on-write arrays of subscribers and shared groups).
 * Every method that changes a node is called only by a {@link SubscriptionTree} writer holding the stripe
 * lock of the node's first-level subtree, so writers never race each other on one node.
 */
final class TopicNode {
    private static final Subscriber[] NO_SUBSCRIBERS = {};
    private static final SharedGroup[] NO_GROUPS = {};

    private final ConcurrentHashMap<String, TopicNode> children = new ConcurrentHashMap<>(2);
    private volatile TopicNode plus;
    private volatile TopicNode hash;
    private volatile Subscriber[] subscribers = NO_SUBSCRIBERS;
    private volatile SharedGroup[] groups = NO_GROUPS;

    /** The child for the literal level {@code topic[start, end)}, or null. */
    TopicNode literal(String topic, int start, int end) {
        if (children.isEmpty()) {
            return null; // skips the substring for the many leaves
        }
        return children.get(topic.substring(start, end));
    }

    TopicNode plus() {
        return plus;
    }

    TopicNode hash() {
        return hash;
    }

    Subscriber[] subscribers() {
        return subscribers;
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
        return subscribers.length == 0 && groups.length == 0 && plus == null && hash == null && children.isEmpty();
    }

    /** Adds or replaces the client's subscription; true if it replaced one ([MQTT-3.8.4-3]). Writers only. */
    boolean putSubscriber(Subscriber subscriber) {
        Subscriber[] current = subscribers;
        int i = indexOf(current, subscriber.clientId());
        subscribers = i >= 0 ? replaced(current, i, subscriber) : appended(current, subscriber);
        return i >= 0;
    }

    /** Removes the client's subscription; true if there was one. Writers only. */
    boolean removeSubscriber(String clientId) {
        Subscriber[] current = subscribers;
        int i = indexOf(current, clientId);
        if (i < 0) {
            return false;
        }
        subscribers = removed(current, i);
        return true;
    }

    /** Adds or replaces the client's membership of the named group; true if it replaced one. Writers only. */
    boolean putMember(String shareName, Subscriber member) {
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

    static int indexOf(Subscriber[] array, String clientId) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].clientId().equals(clientId)) {
                return i;
            }
        }
        return -1;
    }

    static <T> T[] appended(T[] array, T element) {
        T[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = element;
        return copy;
    }

    static <T> T[] replaced(T[] array, int index, T element) {
        T[] copy = array.clone();
        copy[index] = element;
        return copy;
    }

    static <T> T[] removed(T[] array, int index) {
        T[] copy = Arrays.copyOf(array, array.length - 1);
        System.arraycopy(array, index + 1, copy, index, array.length - index - 1);
        return copy;
    }
}
