package io.mqttools.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class TopicRatesTest {
    /** Runs the drain tasks at once, on the test's thread, as the counter's own loop would. */
    private static final Executor LOOP = Runnable::run;

    @Test
    void counter_disabled_null() {
        assertThat(new TopicRates(false).counter(LOOP)).isNull();
    }

    @Test
    void counter_sameLoop_sameCounter() {
        TopicRates rates = new TopicRates(true);
        assertThat(rates.counter(LOOP)).isSameAs(rates.counter(LOOP));
    }

    @Test
    void tick_countsDrained_totalsAndRates() {
        TopicRates rates = new TopicRates(true);
        TopicCounter c = rates.counter(LOOP);
        for (int i = 0; i < 10; i++) {
            c.count("a/b", 3, 2);
        }
        c.count("a/c", 5, 0);
        rates.tick(1_000); // drains: counted, no rate yet (no interval)
        List<TopicStats> topics = rates.topics();
        assertThat(topics).extracting(TopicStats::topic).containsExactly("a/b", "a/c");
        assertThat(topics.get(0).messages()).isEqualTo(10);
        assertThat(topics.get(0).bytes()).isEqualTo(30);
        assertThat(topics.get(0).deliveries()).isEqualTo(20);
        rates.tick(2_000); // folds 10 messages over one second into the average
        double expected = (1 - Math.exp(-1 / TopicRates.SMOOTHING_SECONDS)) * 10;
        assertThat(rates.topics().get(0).rate()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        rates.tick(3_000); // nothing new: the rate decays
        assertThat(rates.topics().get(0).rate()).isLessThan(expected).isPositive();
        assertThat(rates.topics().get(0).messages()).isEqualTo(10);
    }

    @Test
    void counter_fullTable_countedAsOther() {
        TopicRates rates = new TopicRates(true);
        TopicCounter c = rates.counter(LOOP);
        int n = TopicCounter.SLOTS * 2;
        for (int i = 0; i < n; i++) {
            c.count("t/" + i, 1, 0);
        }
        rates.tick(1_000);
        long tracked = rates.topics().stream().mapToLong(TopicStats::messages).sum();
        assertThat(tracked).isLessThanOrEqualTo(TopicCounter.SLOTS * 3 / 4);
        assertThat(tracked + rates.otherMessages()).isEqualTo(n);
    }

    @Test
    void tick_moreThanMaxTopics_trimmedToTheMostRecent() {
        TopicRates rates = new TopicRates(true);
        TopicCounter c = rates.counter(LOOP);
        long now = 0;
        int total = TopicRates.MAX_TOPICS + 200;
        for (int start = 0; start < total; start += 100) {
            for (int i = start; i < Math.min(total, start + 100); i++) {
                c.count("t/" + i, 1, 0);
            }
            rates.tick(now += 1000); // drain these hundred
            rates.tick(now += 1000); // stamp them as seen now
        }
        rates.tick(now + 1000);
        assertThat(rates.topics()).hasSize(TopicRates.MAX_TOPICS);
        assertThat(rates.topics()).extracting(TopicStats::topic).doesNotContain("t/0", "t/199").contains("t/200", "t/1199");
        assertThat(rates.otherMessages()).isEqualTo(200);
    }
}
