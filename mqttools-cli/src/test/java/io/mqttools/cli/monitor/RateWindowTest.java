package io.mqttools.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateWindowTest {
    @Test
    void update_steadyStream_reportsItsRate() {
        RateWindow window = new RateWindow(0, 0);
        double rate = 0;
        // 1000 messages per second, sampled every 100 ms for 20 s.
        for (long t = 100; t <= 20_000; t += 100) {
            rate = window.update(t, t);
        }
        assertThat(rate).isCloseTo(1000.0, within(0.01));
    }

    @Test
    void update_firstMessageAtOnce_isSpreadOverOneSecond() {
        RateWindow window = new RateWindow(0, 0);

        assertThat(window.update(100, 1)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void update_firstEventLongAfterTheStart_countsOverTheWindowOnly() {
        RateWindow window = new RateWindow(0, 0);
        for (long t = 100; t <= 60_000; t += 100) {
            window.update(t, 0);
        }

        assertThat(window.update(60_100, 1)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void update_zeroStartLongBeforeFirstEvent_isLikeAWindowThatSawNothing() {
        RateWindow window = new RateWindow(0, 0);

        assertThat(window.update(60_000, 1)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void update_streamStops_rateFallsToZeroAfterTheWindow() {
        RateWindow window = new RateWindow(0, 0);
        for (long t = 100; t <= 10_000; t += 100) {
            window.update(t, t / 10);
        }
        double rate = 0;
        for (long t = 10_100; t <= 10_000 + RateWindow.WINDOW_MILLIS + RateWindow.STEP_MILLIS; t += 100) {
            rate = window.update(t, 1_000);
        }
        assertThat(rate).isZero();
    }

    @Test
    void update_rateChanges_followsWithinTheWindow() {
        RateWindow window = new RateWindow(0, 0);
        long count = 0;
        for (long t = 100; t <= 10_000; t += 100) {
            count += 10;
            window.update(t, count);
        }
        double rate = 0;
        for (long t = 10_100; t <= 20_000; t += 100) {
            count += 50;
            rate = window.update(t, count);
        }
        assertThat(rate).isCloseTo(500.0, within(0.01));
    }

    @Test
    void update_everyFewMilliseconds_keepsBoundedSamples() {
        RateWindow window = new RateWindow(0, 0);
        double rate = 0;
        for (long t = 1; t <= 60_000; t++) {
            rate = window.update(t, 2 * t);
        }
        assertThat(rate).isCloseTo(2000.0, within(1.0));
    }
}
