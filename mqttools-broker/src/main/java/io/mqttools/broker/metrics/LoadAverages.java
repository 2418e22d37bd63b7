package io.mqttools.broker.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The 1, 5 and 15 minute load averages of the $SYS tree ({@code $SYS/broker/load/.../1min}): per counter,
 * an exponentially weighted moving average of its rate per minute, updated once per $SYS interval, in
 * the manner of mosquitto and of the Unix load average. Not thread-safe: the $SYS publisher's thread owns it.
 */
final class LoadAverages {
    private static final int[] WINDOW_MINUTES = {1, 5, 15};
    private final Map<String, double[]> averages = new HashMap<>();
    private final Map<String, Long> previous = new HashMap<>();

    /**
     * Takes the counters' values now.
     *
     * @param counters       counter name (such as "messages/received") to its value since the start
     * @param elapsedSeconds seconds since the previous update; 0 on the first, which only records the values
     * @return topic to value (two decimals), for every counter and window
     */
    Map<String, String> update(Map<String, Long> counters, double elapsedSeconds) {
        Map<String, String> topics = new LinkedHashMap<>();
        counters.forEach((name, value) -> {
            Long before = previous.put(name, value);
            double[] avg = averages.computeIfAbsent(name, n -> new double[WINDOW_MINUTES.length]);
            if (before != null && elapsedSeconds > 0) {
                double perMinute = (value - before) * 60.0 / elapsedSeconds;
                for (int i = 0; i < avg.length; i++) {
                    double decay = Math.exp(-elapsedSeconds / (60.0 * WINDOW_MINUTES[i]));
                    avg[i] = decay * avg[i] + (1 - decay) * perMinute;
                }
            }
            for (int i = 0; i < avg.length; i++) {
                topics.put("$SYS/broker/load/" + name + "/" + WINDOW_MINUTES[i] + "min",
                        String.format(Locale.ROOT, "%.2f", avg[i]));
            }
        });
        return topics;
    }
}
