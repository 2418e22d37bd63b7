package io.mqttools.broker.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker-wide traffic and client counters. Thread-safe without locks: striped adders that the
 * connections add to once per read batch or flush through their {@link Tally}, never per message;
 * clients are counted once per connect and disconnect.
 */
public final class TrafficCounters {
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder publishReceived = new LongAdder();
    final LongAdder publishSent = new LongAdder();
    final LongAdder publishBytesReceived = new LongAdder();
    final LongAdder publishBytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    private final LongAdder sockets = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger maximum = new AtomicInteger();
    private final Map<String, ListenerGauge> listeners = new ConcurrentHashMap<>();
    private final Map<Executor, Tally> tallies = new ConcurrentHashMap<>();
    private final long startedMillis = System.currentTimeMillis();
    private final TopicRates topics;

    /** Counters without per-topic rates. */
    public TrafficCounters() {
        this(new TopicRates(false));
    }

    /** @param topics where the connections count messages per topic (for the dashboard) */
    public TrafficCounters(TopicRates topics) {
        this.topics = topics;
    }

    /** Messages per topic; its {@link TopicRates#counter} is null when they are not counted. */
    public TopicRates topics() {
        return topics;
    }

    /**
     * The tally of one event loop, which every connection on it counts into and flushes: it is confined to
     * the loop's thread, and a connection flushes after what it counted, so a shared one loses nothing and
     * costs no memory per connection. Made on first use; called once per connection, not per message.
     */
    public Tally tally(Executor eventLoop) {
        return tallies.computeIfAbsent(eventLoop, loop -> new Tally(this));
    }

    /** The open-socket gauge of a listener, made on first use (names like "mqtt", "mqtts"). */
    public ListenerGauge listener(String name) {
        return listeners.computeIfAbsent(name, n -> new ListenerGauge(n, sockets));
    }

    /** A client got its CONNACK: counted connected, and the maximum follows. */
    public void clientConnected() {
        connects.increment();
        maximum.accumulateAndGet(connected.incrementAndGet(), Math::max);
    }

    /** A client counted by {@link #clientConnected()} has gone. */
    public void clientDisconnected() {
        connected.decrementAndGet();
    }

    /** Bytes read from sockets; 0 touches nothing shared. */
    public void bytesReceived(long n) {
        if (n != 0) {
            bytesReceived.add(n);
        }
    }

    /** Bytes written to sockets; 0 touches nothing shared. */
    public void bytesSent(long n) {
        if (n != 0) {
            bytesSent.add(n);
        }
    }

    public int connected() {
        return connected.get();
    }

    public int maximum() {
        return maximum.get();
    }

    public long connects() {
        return connects.sum();
    }

    public long sockets() {
        return sockets.sum();
    }

    public long startedMillis() {
        return startedMillis;
    }

    /** Open sockets per listener, in name order. */
    public Map<String, Integer> openPerListener() {
        Map<String, Integer> open = new TreeMap<>();
        listeners.values().forEach(l -> open.put(l.name(), l.open()));
        return open;
    }

    /** The message and byte counts now. */
    public MetricsSnapshot.Traffic traffic() {
        return new MetricsSnapshot.Traffic(messagesReceived.sum(), messagesSent.sum(), bytesReceived.sum(),
                bytesSent.sum(), publishReceived.sum(), publishSent.sum(), publishBytesReceived.sum(),
                publishBytesSent.sum());
    }
}
