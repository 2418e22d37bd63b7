package io.mqttools.broker.routing;

import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The in-memory {@link RetainedStore}: a trie of topic levels, so that a filter with a literal prefix
 * visits only the subtree under that prefix, and '+' only the children of its level.
 *
 * <p>Messages are stored as published, except that the stored copy has RETAIN set, DUP cleared and no Topic
 * Alias (an alias belongs to the publisher's connection). Their QoS and packet identifier are the
 * publisher's: whoever sends a retained message to a subscriber assigns its own packet identifier and QoS.
 *
 * <p>Expiry: the time a message was stored is taken from the injected nanosecond clock; a message whose
 * Message Expiry Interval has passed is left out of {@link #match} and removed by it (or by
 * {@link #removeExpired()}), and the others are returned with the interval lowered by the whole seconds
 * they have waited ([MQTT-3.3.2-5] [MQTT-3.3.2-6]).
 *
 * <p>Concurrency: {@link #match} takes no lock; it reads {@link ConcurrentHashMap} children and volatile
 * slots. Writers lock one of 64 stripes chosen by the topic's first level; all changes under a first-level
 * node happen under its stripe, which makes unlinking emptied nodes safe.
 */
public final class InMemoryRetainedStore implements RetainedStore {
    private static final int STRIPES = 64;

    private final Node root = new Node();
    private final Object[] stripes = new Object[STRIPES];
    private final AtomicInteger size = new AtomicInteger();
    private final LongSupplier nanoTime;

    /** A store on the system's monotonic clock. */
    public InMemoryRetainedStore() {
        this(System::nanoTime);
    }

    /** A store on the given monotonic clock in nanoseconds (tests pass their own). */
    public InMemoryRetainedStore(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the topic is not a valid topic name
     */
    @Override
    public void put(Publish message) {
        String problem = TopicName.validate(message.topic());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (message.payload().isEmpty()) {
            remove(message.topic(), null); // [MQTT-3.3.1-6] [MQTT-3.3.1-7] delete, and store nothing
            return;
        }
        Retained retained = new Retained(stored(message), nanoTime.getAsLong());
        String[] levels = message.topic().split("/", -1);
        synchronized (stripeOf(message.topic())) {
            Node node = root;
            for (String level : levels) {
                node = node.children.computeIfAbsent(level, l -> new Node());
            }
            if (node.retained == null) {
                size.incrementAndGet();
            }
            node.retained = retained;
        }
    }

    private static Publish stored(Publish message) {
        Publish stored = message.retain() ? message : message.withRetain(true);
        if (stored.dup()) {
            stored = stored.withDup(false);
        }
        if (stored.properties().has(PropertyId.TOPIC_ALIAS)) {
            stored = stored.withProperties(stored.properties().without(PropertyId.TOPIC_ALIAS));
        }
        return stored;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A shared filter matches nothing: retained messages are not sent for a new shared subscription.
     */
    @Override
    public List<Publish> match(String topicFilter) {
        TopicFilter filter = TopicFilter.parse(topicFilter);
        if (filter.isShared()) {
            return List.of();
        }
        long now = nanoTime.getAsLong();
        Matcher matcher = new Matcher(filter.filter().split("/", -1), now);
        matcher.walk(root, 0);
        for (Retained expired : matcher.expired) {
            remove(expired.message.topic(), expired);
        }
        return matcher.found;
    }

    @Override
    public int size() {
        return size.get();
    }

    /**
     * Removes every expired message, for a periodic sweep: {@link #match} removes only those it meets,
     * and a topic nobody subscribes to again would otherwise keep its expired message.
     *
     * @return how many were removed
     */
    public int removeExpired() {
        long now = nanoTime.getAsLong();
        List<Retained> expired = new ArrayList<>();
        collectExpired(root, now, expired);
        int removed = 0;
        for (Retained retained : expired) {
            removed += remove(retained.message.topic(), retained) ? 1 : 0;
        }
        return removed;
    }

    private static void collectExpired(Node node, long now, List<Retained> expired) {
        Retained retained = node.retained;
        if (retained != null && retained.remainingSeconds(now) == 0) {
            expired.add(retained);
        }
        for (Node child : node.children.values()) {
            collectExpired(child, now, expired);
        }
    }

    /** Removes the topic's message (only if it is still {@code expected}, when given) and prunes its path. */
    private boolean remove(String topic, Retained expected) {
        String[] levels = topic.split("/", -1);
        Node[] path = new Node[levels.length + 1];
        synchronized (stripeOf(topic)) {
            Node node = root;
            path[0] = node;
            for (int i = 0; i < levels.length; i++) {
                node = node.children.get(levels[i]);
                if (node == null) {
                    return false;
                }
                path[i + 1] = node;
            }
            Retained current = node.retained;
            if (current == null || (expected != null && current != expected)) {
                return false;
            }
            node.retained = null;
            size.decrementAndGet();
            for (int i = levels.length; i > 0 && path[i].isEmpty(); i--) {
                path[i - 1].children.remove(levels[i - 1]);
            }
            return true;
        }
    }

    private Object stripeOf(String topic) {
        int slash = topic.indexOf('/');
        int end = slash < 0 ? topic.length() : slash;
        int h = 0;
        for (int i = 0; i < end; i++) {
            h = 31 * h + topic.charAt(i);
        }
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /** One topic level; changed only under its first level's stripe lock. */
    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>(2);
        volatile Retained retained;

        boolean isEmpty() {
            return retained == null && children.isEmpty();
        }
    }

    /** A stored message and when it was stored. */
    private record Retained(Publish message, long storedAtNanos) {
        /** -1 when the message never expires, 0 when it has expired, else the whole seconds it has left. */
        long remainingSeconds(long now) {
            long interval = message.properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1);
            if (interval < 0) {
                return -1;
            }
            long waited = TimeUnit.NANOSECONDS.toSeconds(now - storedAtNanos);
            return Math.max(0, interval - waited);
        }

        Publish at(long now) {
            long remaining = remainingSeconds(now);
            if (remaining < 0) {
                return message;
            }
            return message.withProperties(message.properties().with(PropertyId.MESSAGE_EXPIRY_INTERVAL, remaining));
        }
    }

    /** One match: walks the trie along the filter's levels. */
    private static final class Matcher {
        private final String[] levels;
        private final long now;
        private final List<Publish> found = new ArrayList<>();
        private final List<Retained> expired = new ArrayList<>(0);

        Matcher(String[] levels, long now) {
            this.levels = levels;
            this.now = now;
        }

        void walk(Node node, int depth) {
            if (depth == levels.length) {
                take(node);
                return;
            }
            String level = levels[depth];
            if (level.equals("#")) {
                take(node); // "a/#" matches "a" too
                everything(node, depth == 0);
            } else if (level.equals("+")) {
                for (Map.Entry<String, Node> child : node.children.entrySet()) {
                    if (!(depth == 0 && TopicName.isSystemTopic(child.getKey()))) { // [MQTT-4.7.2-1]
                        walk(child.getValue(), depth + 1);
                    }
                }
            } else {
                Node child = node.children.get(level);
                if (child != null) {
                    walk(child, depth + 1);
                }
            }
        }

        private void everything(Node node, boolean top) {
            for (Map.Entry<String, Node> child : node.children.entrySet()) {
                if (!(top && TopicName.isSystemTopic(child.getKey()))) { // [MQTT-4.7.2-1]
                    take(child.getValue());
                    everything(child.getValue(), false);
                }
            }
        }

        private void take(Node node) {
            Retained retained = node.retained;
            if (retained == null) {
                return;
            }
            if (retained.remainingSeconds(now) == 0) {
                expired.add(retained);
            } else {
                found.add(retained.at(now));
            }
        }
    }
}
