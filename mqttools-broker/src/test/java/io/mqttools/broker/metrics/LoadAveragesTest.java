package io.mqttools.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadAveragesTest {
    private final LoadAverages load = new LoadAverages();

    private static double value(Map<String, String> topics, String window) {
        return Double.parseDouble(topics.get("$SYS/broker/load/messages/received/" + window));
    }

    @Test
    void firstUpdate_recordsOnly() {
        Map<String, String> t = load.update(Map.of("messages/received", 500L), 0);
        assertThat(t).containsOnlyKeys("$SYS/broker/load/messages/received/1min",
                "$SYS/broker/load/messages/received/5min", "$SYS/broker/load/messages/received/15min");
        assertThat(t.values()).containsOnly("0.00");
    }

    @Test
    void steadyRate_convergesToTheRatePerMinute_shortWindowFirst() {
        long count = 0;
        load.update(Map.of("messages/received", count), 0);
        Map<String, String> t = Map.of();
        for (int i = 0; i < 6; i++) { // one minute at 2 messages a second = 120 a minute
            count += 20;
            t = load.update(Map.of("messages/received", count), 10);
        }
        double one = value(t, "1min");
        double five = value(t, "5min");
        double fifteen = value(t, "15min");
        assertThat(one).isCloseTo(120 * (1 - Math.exp(-1)), within(0.01));
        assertThat(five).isCloseTo(120 * (1 - Math.exp(-60.0 / 300)), within(0.01));
        assertThat(one).isGreaterThan(five);
        assertThat(five).isGreaterThan(fifteen);
    }
}
