package io.mqttools.cli.monitor;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The monitor's model: one {@link TopicEntry} per topic seen, the total count and the connection state.
 *
 * <p>Concurrency: the message source's thread(s) call the {@link MonitorListener} methods; the UI thread
 * reads. A message costs one hash lookup, two atomic increments and one small allocation, with no lock. Memory
 * is bounded whatever the stream: only the last message per topic is kept (cut to a maximum size), and topics
 * beyond a maximum count are counted as overflow instead of being tracked. Topics are never removed, so every
 * new one is also offered once on a queue that the UI drains to keep its own sorted list without re-sorting.
 */
final class TopicTable implements MonitorListener {
    /** The connection state together with its reason and when it was entered. */
    record Status(ConnectionState state, String detail, long sinceMillis) {
    }

    private final Map<String, TopicEntry> entries = new ConcurrentHashMap<>();
    private final Queue<TopicEntry> added = new ConcurrentLinkedQueue<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong overflow = new AtomicLong();
    private final int maxTopics;
    private final int maxPayloadBytes;
    private final LongSupplier clock;
    private volatile Status status;

    /**
     * @param maxTopics how many topics are tracked at most; messages of further topics are only counted
     * @param maxPayloadBytes how much of each last payload is kept
     * @param clock milliseconds since the epoch, to date connection state changes
     */
    TopicTable(int maxTopics, int maxPayloadBytes, LongSupplier clock) {
        if (maxTopics < 1 || maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxTopics and maxPayloadBytes must be positive");
        }
        this.maxTopics = maxTopics;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
        this.status = new Status(ConnectionState.CONNECTING, "", clock.getAsLong());
    }

    @Override
    public void onMessage(String topic, byte[] payload, long timeMillis) {
        total.incrementAndGet();
        TopicEntry entry = entries.get(topic);
        if (entry == null) {
            entry = add(topic);
            if (entry == null) {
                overflow.incrementAndGet();
                return;
            }
        }
        entry.record(payload, timeMillis, maxPayloadBytes);
    }

    private TopicEntry add(String topic) {
        // The size check races with other writers; the bound may be passed by as many topics as there are
        // concurrent writers, which keeps it bounded without a lock.
        if (entries.size() >= maxTopics) {
            return null;
        }
        TopicEntry created = new TopicEntry(topic);
        TopicEntry existing = entries.putIfAbsent(topic, created);
        if (existing != null) {
            return existing;
        }
        added.add(created);
        return created;
    }

    @Override
    public void onConnectionState(ConnectionState state, String detail) {
        status = new Status(state, detail == null ? "" : detail, clock.getAsLong());
    }

    /** Hands every topic added since the last call to {@code sink}, each exactly once over all calls. */
    void drainAdded(Consumer<TopicEntry> sink) {
        TopicEntry entry;
        while ((entry = added.poll()) != null) {
            sink.accept(entry);
        }
    }

    /** Messages received in total, including those of topics beyond the maximum. */
    long total() {
        return total.get();
    }

    /** Messages of topics that were not tracked because the maximum number of topics was reached. */
    long overflow() {
        return overflow.get();
    }

    /** Topics tracked. */
    int topicCount() {
        return entries.size();
    }

    Status status() {
        return status;
    }
}
