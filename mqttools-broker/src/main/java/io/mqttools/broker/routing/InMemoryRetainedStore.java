package io.mqttools.broker.routing;

import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * <p>Concurrency: {@link #match} takes no lock; it reads {@link java.util.concurrent.ConcurrentHashMap}
 * children and volatile slots. Replacing the message of a topic that already has a node is a lock-free
 * compare-and-set (the common case: a device re-publishing its state). Creating nodes, deleting and
 * unlinking emptied nodes lock one of 64 stripes chosen by the topic's first level, so all structural
 * changes under a first-level node are serialised; see {@link RetainedNode} for how the lock-free replace
 * and unlinking stay consistent.
 */
public final class InMemoryRetainedStore implements RetainedStore {
    private static final int STRIPES = 64;

    private final RetainedNode root = new RetainedNode();
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
        String[] levels = message.topic().split("/", -1);
        if (message.payload().isEmpty()) {
            remove(levels, null); // [MQTT-3.3.1-6] [MQTT-3.3.1-7] delete, and store nothing
            return;
        }
        RetainedMessage retained = new RetainedMessage(stored(message), nanoTime.getAsLong());
        RetainedNode node = root;
        for (int i = 0; i < levels.length && node != null; i++) {
            node = node.children.get(levels[i]);
        }
        int previous = node == null ? -1 : node.set(retained);
        if (previous < 0) {
            previous = putLocked(levels, retained);
        }
        if (previous == 0) {
            size.incrementAndGet();
        }
    }

    private int putLocked(String[] levels, RetainedMessage retained) {
        synchronized (stripeOf(levels[0])) {
            RetainedNode node = root;
            for (String level : levels) {
                node = node.children.computeIfAbsent(level, l -> new RetainedNode());
            }
            return node.set(retained); // never dead: dead nodes are unlinked under this lock
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
     *
     * @throws IllegalArgumentException when the filter is not a valid topic filter
     */
    @Override
    public List<Publish> match(String topicFilter) {
        TopicFilter filter = TopicFilter.parse(topicFilter);
        if (filter.isShared()) {
            return List.of();
        }
        RetainedMatcher matcher = new RetainedMatcher(filter.filter(), nanoTime.getAsLong());
        matcher.walk(root, 0);
        for (RetainedMessage expired : matcher.expired()) {
            remove(expired.message().topic().split("/", -1), expired);
        }
        return matcher.found();
    }

    @Override
    public int size() {
        return size.get();
    }

    @Override
    public int removeExpired() {
        List<RetainedMessage> expired = new ArrayList<>();
        collectExpired(root, nanoTime.getAsLong(), expired);
        int removed = 0;
        for (RetainedMessage retained : expired) {
            removed += remove(retained.message().topic().split("/", -1), retained) ? 1 : 0;
        }
        return removed;
    }

    private static void collectExpired(RetainedNode node, long now, List<RetainedMessage> expired) {
        RetainedMessage retained = node.get();
        if (retained != null && retained.remainingSeconds(now) == 0) {
            expired.add(retained);
        }
        for (RetainedNode child : node.children.values()) {
            collectExpired(child, now, expired);
        }
    }

    /** Removes the topic's message (only if it is still {@code expected}, when given) and prunes its path. */
    private boolean remove(String[] levels, RetainedMessage expected) {
        RetainedNode[] path = new RetainedNode[levels.length + 1];
        synchronized (stripeOf(levels[0])) {
            RetainedNode node = root;
            path[0] = node;
            for (int i = 0; i < levels.length; i++) {
                node = node.children.get(levels[i]);
                if (node == null) {
                    return false;
                }
                path[i + 1] = node;
            }
            if (!node.clear(expected)) {
                return false;
            }
            size.decrementAndGet();
            for (int i = levels.length; i > 0 && path[i].kill(); i--) {
                path[i - 1].children.remove(levels[i - 1]);
            }
            return true;
        }
    }

    private Object stripeOf(String firstLevel) {
        int h = firstLevel.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }
}
