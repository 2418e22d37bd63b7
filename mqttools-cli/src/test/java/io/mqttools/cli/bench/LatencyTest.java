package io.mqttools.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyTest {
    @Test
    void full_afterSamples_givesPercentilesInMillisAndTheCount() {
        Latency l = new Latency();
        for (int i = 1; i <= 1000; i++) {
            l.record(i * 1000L); // 1..1000 ms
        }

        assertThat(l.full()).startsWith("p50 500.").contains("p99 990.").contains("max 1000.").endsWith("(1000 samples)");
        assertThat(l.brief()).startsWith("p50 500.").contains("p99 990.");
    }

    @Test
    void total_accumulatesAcrossReads() {
        Latency l = new Latency();
        l.record(5);
        assertThat(l.total().getTotalCount()).isEqualTo(1);
        l.record(-3);
        assertThat(l.total().getTotalCount()).isEqualTo(2);
        assertThat(l.total().getMinValue()).isZero();
    }

    @Test
    void full_withoutSamples_saysSo() {
        assertThat(new Latency().full()).isEqualTo("no samples");
    }
}
