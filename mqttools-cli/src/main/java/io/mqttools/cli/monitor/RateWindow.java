package io.mqttools.cli.monitor;

/**
 * A message rate over a sliding window, from samples of a growing counter. Sampling on the reader's side keeps
 * the message path free of any timing work: the writer only increments the counter.
 *
 * <p>Samples are kept at least {@link #STEP_MILLIS} apart and only as far back as the window, so a window
 * holds at most a dozen. The rate is the counter's growth since the oldest sample over the time since then:
 * the events of the last {@link #WINDOW_MILLIS} ms over that time. A window may start with the counter at zero
 * long before its first event (a topic counts from when the monitor started, not from its first message), so
 * a zero start sample never stretches the time beyond the window; and the time is at least one second, so
 * that the first message after the monitor starts is not shown as a spike.
 *
 * <p>Not thread-safe: confined to the UI thread.
 */
final class RateWindow {
    static final long WINDOW_MILLIS = 5_000;
    static final long STEP_MILLIS = 500;
    static final long MIN_SPAN_MILLIS = 1_000;
    private static final int CAPACITY = (int) (WINDOW_MILLIS / STEP_MILLIS) + 2;

    private final long[] times = new long[CAPACITY];
    private final long[] counts = new long[CAPACITY];
    private int oldest;
    private int size;

    /** Starts the window at {@code nowMillis} with the counter at {@code count}. */
    RateWindow(long nowMillis, long count) {
        append(nowMillis, count);
    }

    /** Samples the counter and returns the current rate in events per second. */
    double update(long nowMillis, long count) {
        if (nowMillis - times[index(size - 1)] >= STEP_MILLIS) {
            append(nowMillis, count);
        }
        // Keep one sample at or before the window's start, drop older ones.
        while (size >= 2 && times[index(1)] <= nowMillis - WINDOW_MILLIS) {
            oldest = index(1);
            size--;
        }
        long span = nowMillis - times[oldest];
        if (counts[oldest] == 0) {
            span = Math.min(span, WINDOW_MILLIS);
        }
        span = Math.max(span, MIN_SPAN_MILLIS);
        return (count - counts[oldest]) * 1000.0 / span;
    }

    private void append(long time, long count) {
        if (size == CAPACITY) {
            oldest = index(1);
            size--;
        }
        int at = index(size);
        times[at] = time;
        counts[at] = count;
        size++;
    }

    private int index(int i) {
        return (oldest + i) % CAPACITY;
    }
}
