package io.mqttools.broker.metrics;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the $SYS tree once per run (the broker runs it every {@code sys_interval}): every topic whose
 * value changed since it was last published, retained, so that a new subscriber gets the latest values
 * at once. The version never changes, so it goes out once. Not thread-safe: run it from one thread (a
 * fixed-rate task of one event loop).
 *
 * <p>The messages are QoS 0 rather than mosquitto's QoS 2: a persistent session subscribed to
 * {@code $SYS/#} that stays offline then loses old values at its queue bound instead of growing without one.
 */
public final class SysPublisher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SysPublisher.class);

    private final Supplier<MetricsSnapshot> snapshots;
    private final Consumer<Publish> publish;
    private final LongSupplier nanoTime;
    private final LoadAverages load = new LoadAverages();
    private final Map<String, String> published = new HashMap<>();
    private long lastRunNanos;
    private boolean ran;

    /**
     * @param snapshots where the values come from
     * @param publish   the broker's own publish, through the normal delivery path (retained store, subscribers)
     * @param nanoTime  the clock for the load averages ({@code System::nanoTime})
     */
    public SysPublisher(Supplier<MetricsSnapshot> snapshots, Consumer<Publish> publish, LongSupplier nanoTime) {
        this.snapshots = snapshots;
        this.publish = publish;
        this.nanoTime = nanoTime;
    }

    @Override
    public void run() {
        try {
            publishChanged();
        } catch (RuntimeException e) {
            // a fixed-rate task that throws is never run again: log and carry on at the next interval
            LOG.warn("cannot publish the $SYS topics", e);
        }
    }

    private void publishChanged() {
        MetricsSnapshot s = snapshots.get();
        long now = nanoTime.getAsLong();
        double elapsed = ran ? (now - lastRunNanos) / 1e9 : 0;
        ran = true;
        lastRunNanos = now;
        Map<String, String> values = SysTopics.values(s);
        values.putAll(load.update(SysTopics.loadCounters(s), elapsed));
        values.forEach((topic, value) -> {
            if (!value.equals(published.put(topic, value))) {
                publish.accept(message(topic, value));
            }
        });
    }

    /** A retained QoS 0 message from the broker. */
    static Publish message(String topic, String value) {
        return new Publish(topic, QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8(value), Properties.EMPTY);
    }
}
