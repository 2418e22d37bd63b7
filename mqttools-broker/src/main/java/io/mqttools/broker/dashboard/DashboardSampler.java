package io.mqttools.broker.dashboard;

import io.mqttools.broker.metrics.RateHistory;
import io.mqttools.broker.metrics.TopicRates;
import io.mqttools.broker.metrics.TrafficCounters;
import java.util.function.LongSupplier;

/**
 * Takes the dashboard's samples, run by the broker once per {@link #INTERVAL_MILLIS} on one event loop:
 * the publish totals for the rate plot and the per-topic counts for the topic tree.
 */
public final class DashboardSampler implements Runnable {
    /** One sample a second. */
    public static final long INTERVAL_MILLIS = 1000;

    private final TrafficCounters traffic;
    private final RateHistory history;
    private final LongSupplier clock;

    /** @param clock epoch milliseconds */
    public DashboardSampler(TrafficCounters traffic, RateHistory history, LongSupplier clock) {
        this.traffic = traffic;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void run() {
        long now = clock.getAsLong();
        history.record(now, traffic.traffic());
        TopicRates topics = traffic.topics();
        topics.tick(now);
    }
}
