package io.mqttools.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentile_hundredValues_nearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // reversed: percentile must sort
        }
        assertThat(Stats.percentile(values, 100, 50)).isEqualTo(50);
        assertThat(Stats.percentile(values, 100, 99)).isEqualTo(99);
        assertThat(Stats.percentile(values, 100, 100)).isEqualTo(100);
        assertThat(Stats.percentile(values, 100, 0.5)).isEqualTo(1);
    }

    @Test
    void percentile_onlyFirstCountValues_restIgnored() {
        long[] values = {5, 1, 3, 1000, 1000};
        assertThat(Stats.percentile(values, 3, 50)).isEqualTo(3);
        assertThat(Stats.percentile(values, 3, 99)).isEqualTo(5);
    }

    @Test
    void percentile_empty_nan() {
        assertThat(Stats.percentile(new long[4], 0, 50)).isNaN();
    }

    @Test
    void percentile_outOfRange_rejected() {
        assertThatThrownBy(() -> Stats.percentile(new long[1], 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[1], 1, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void median_oddAndEven_middleOrMeanOfMiddleTwo() {
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new double[0])).isNaN();
    }

    @Test
    void ratio_zeroDenominator_nan() {
        assertThat(Stats.ratio(3, 2)).isEqualTo(1.5);
        assertThat(Stats.ratio(1, 0)).isNaN();
    }
}
