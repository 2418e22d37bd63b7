package io.mqttools.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateHistoryTest {
    private static MetricsSnapshot.Traffic publishes(long in, long out) {
        return new MetricsSnapshot.Traffic(0, 0, in * 10, out * 10, in, out, 0, 0);
    }

    @Test
    void points_consecutiveSamples_perSecondRates() {
        RateHistory h = new RateHistory();
        h.record(1_000, publishes(0, 0));
        assertThat(h.points()).isEmpty();
        h.record(2_000, publishes(50, 100));
        h.record(4_000, publishes(150, 100));
        List<RateHistory.Point> points = h.points();
        assertThat(points).containsExactly(new RateHistory.Point(2_000, 50, 100, 500, 1000),
                new RateHistory.Point(4_000, 50, 0, 500, 0));
    }

    @Test
    void points_overCapacity_keepsTheLatest() {
        RateHistory h = new RateHistory();
        for (int i = 0; i < RateHistory.CAPACITY + 10; i++) {
            h.record(i * 1000L, publishes(i * 2L, 0));
        }
        List<RateHistory.Point> points = h.points();
        assertThat(points).hasSize(RateHistory.CAPACITY - 1);
        assertThat(points.get(points.size() - 1).millis()).isEqualTo((RateHistory.CAPACITY + 9) * 1000L);
        assertThat(points).allSatisfy(p -> assertThat(p.publishIn()).isEqualTo(2));
    }
}
