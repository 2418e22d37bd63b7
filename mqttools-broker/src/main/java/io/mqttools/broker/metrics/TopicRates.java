package io.mqttools.broker.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Messages published per topic, for the dashboard's topic tree. The message path only counts into its
 * event loop's {@link TopicCounter} (no lock, no allocation); once per sample interval {@link #tick} asks
 * every loop to drain its counter into the table here and turns the counts into moving-average rates.
 * The table holds at most {@link #MAX_TOPICS} topics: past that, those seen least recently go, and
 * messages to topics a full counter could not take are counted as {@link #otherMessages()}.
 *
 * <p>Thread-safe: counters are confined to their loops; the table is guarded by this object's monitor,
 * taken once per loop per interval and per dashboard request, never per message.
 */
public final class TopicRates {
    /** Topics kept in the table. */
    public static final int MAX_TOPICS = 1000;
    /** The time constant of the rates' exponential moving average, in seconds. */
    public static final double SMOOTHING_SECONDS = 5;

    private final boolean enabled;
    private final Map<Executor, TopicCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, Entry> table = new HashMap<>();
    private long otherMessages;
    private long lastTickMillis;

    private static final class Entry {
        long messages;
        long bytes;
        long deliveries;
        long window;
        double rate;
        long lastMillis;
    }

    /** @param enabled false makes {@link #counter} return null, so that nothing is counted */
    public TopicRates(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The counter of an event loop, for the connections on it to count into; null when disabled. Made on
     * first use: called once per connection, not per message.
     */
    public TopicCounter counter(Executor eventLoop) {
        return enabled ? counters.computeIfAbsent(eventLoop, e -> new TopicCounter()) : null;
    }

    /**
     * Takes a sample: folds what the loops drained since the previous tick into the rates, then asks every
     * loop to drain its counter again (they do so on their own threads, soon after).
     */
    public void tick(long nowMillis) {
        synchronized (this) {
            double seconds = lastTickMillis == 0 ? 0 : Math.max(1, nowMillis - lastTickMillis) / 1000.0;
            lastTickMillis = nowMillis;
            if (seconds > 0) {
                double keep = Math.exp(-seconds / SMOOTHING_SECONDS);
                for (Entry e : table.values()) {
                    e.rate = keep * e.rate + (1 - keep) * (e.window / seconds);
                    if (e.window > 0) {
                        e.lastMillis = nowMillis;
                    }
                    e.window = 0;
                }
            }
            trim();
        }
        counters.forEach((loop, counter) -> {
            try {
                loop.execute(() -> counter.drainInto(this));
            } catch (RejectedExecutionException shuttingDown) {
                // the broker is stopping
            }
        });
    }

    synchronized void absorb(TopicCounter counter) {
        counter.drain(this);
    }

    /** With the monitor held (from {@link TopicCounter#drain}). */
    void add(String topic, long messages, long bytes, long deliveries) {
        Entry e = table.computeIfAbsent(topic, t -> new Entry());
        e.messages += messages;
        e.bytes += bytes;
        e.deliveries += deliveries;
        e.window += messages;
        if (e.lastMillis == 0) {
            e.lastMillis = lastTickMillis; // the tick that asked for this drain
        }
    }

    /** With the monitor held. */
    void addOther(long messages) {
        otherMessages += messages;
    }

    /** Keeps the {@link #MAX_TOPICS} topics seen most recently (ties: the busier). */
    private void trim() {
        int excess = table.size() - MAX_TOPICS;
        if (excess <= 0) {
            return;
        }
        List<Map.Entry<String, Entry>> all = new ArrayList<>(table.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<String, Entry> m) -> m.getValue().lastMillis)
                .thenComparingDouble(m -> m.getValue().rate));
        Iterator<Map.Entry<String, Entry>> oldest = all.iterator();
        for (int i = 0; i < excess; i++) {
            String topic = oldest.next().getKey();
            otherMessages += table.remove(topic).messages;
        }
    }

    /** Every topic in the table, in topic order. */
    public synchronized List<TopicStats> topics() {
        List<TopicStats> out = new ArrayList<>(table.size());
        table.forEach((t, e) -> out.add(new TopicStats(t, e.messages, e.bytes, e.deliveries, e.rate, e.lastMillis)));
        out.sort(Comparator.comparing(TopicStats::topic));
        return out;
    }

    /** Messages not in the table: to topics dropped from it, or that found their loop's counter full. */
    public synchronized long otherMessages() {
        return otherMessages;
    }
}
