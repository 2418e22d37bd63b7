package io.mqttools.bench.load;

import java.util.Arrays;

/** The few statistics the load tool reports: percentiles (nearest rank), medians and ratios. */
final class Stats {
    private Stats() {
    }

    /**
     * The nearest-rank percentile of {@code values[0..count)}, which this sorts in place.
     *
     * @param p a percentile in (0, 100]
     * @return the smallest value with at least p % of the values at or below it; NaN when count is 0
     */
    static double percentile(long[] values, int count, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], not " + p);
        }
        if (count == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, count);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return values[Math.max(rank, 1) - 1];
    }

    /** The median of the values; the mean of the middle two for an even count; NaN when empty. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** ours / theirs, NaN when theirs is 0 or either is NaN. */
    static double ratio(double ours, double theirs) {
        return theirs == 0 ? Double.NaN : ours / theirs;
    }
}
