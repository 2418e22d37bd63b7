package io.mqttools.broker.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The broker's publish traffic per sample interval over the last minutes, for the dashboard's plot: a ring
 * of {@link #CAPACITY} samples of the running totals, turned into per-second rates when read. Thread-safe
 * (synchronised; written once per sample interval, read per dashboard request).
 */
public final class RateHistory {
    /** Samples kept: five minutes at one a second. */
    public static final int CAPACITY = 300;

    /**
     * Rates over one sample interval.
     *
     * @param millis           the end of the interval (epoch milliseconds)
     * @param publishIn        PUBLISH packets received per second
     * @param publishOut       PUBLISH packets sent per second
     * @param bytesIn          socket bytes read per second
     * @param bytesOut         socket bytes written per second
     */
    public record Point(long millis, double publishIn, double publishOut, double bytesIn, double bytesOut) {
    }

    private final long[] millis = new long[CAPACITY];
    private final long[][] totals = new long[CAPACITY][4];
    private int next;
    private int size;

    /** Records the totals at a moment. */
    public synchronized void record(long nowMillis, MetricsSnapshot.Traffic t) {
        millis[next] = nowMillis;
        long[] row = totals[next];
        row[0] = t.publishReceived();
        row[1] = t.publishSent();
        row[2] = t.bytesReceived();
        row[3] = t.bytesSent();
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** The rates between consecutive samples, oldest first (one fewer than the samples held). */
    public synchronized List<Point> points() {
        List<Point> out = new ArrayList<>(Math.max(0, size - 1));
        int first = (next - size + CAPACITY) % CAPACITY;
        for (int k = 1; k < size; k++) {
            int a = (first + k - 1) % CAPACITY;
            int b = (first + k) % CAPACITY;
            double seconds = Math.max(1, millis[b] - millis[a]) / 1000.0;
            out.add(new Point(millis[b], rate(a, b, 0, seconds), rate(a, b, 1, seconds), rate(a, b, 2, seconds),
                    rate(a, b, 3, seconds)));
        }
        return out;
    }

    private double rate(int a, int b, int column, double seconds) {
        return Math.max(0, totals[b][column] - totals[a][column]) / seconds;
    }
}
