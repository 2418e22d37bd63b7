package io.mqttools.cli.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds: any thread records (wait-free, HdrHistogram's {@link Recorder}); one thread
 * at a time (the progress ticker, then the summary) folds the recorded intervals into the total.
 */
final class Latency {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    /** Any thread. Negative values (clock skew between hosts) count as 0. */
    void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** Everything recorded so far. Not thread-safe: one caller at a time. */
    synchronized Histogram total() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }

    /** "p50 0.123 ms  p99 1.234 ms", or "no samples". */
    synchronized String brief() {
        Histogram h = total();
        if (h.getTotalCount() == 0) {
            return "no latency samples";
        }
        return String.format(Locale.ROOT, "p50 %s ms  p99 %s ms", ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)));
    }

    /** The summary line: p50/p90/p99/p99.9/max and the sample count. */
    synchronized String full() {
        Histogram h = total();
        if (h.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms (%d samples)",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h.getTotalCount());
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
