package io.mqttools.cli.bench;

import java.util.concurrent.atomic.AtomicLong;

/** A message counter any thread increments, and its rate between two progress lines (one reader). */
final class Meter {
    private final AtomicLong count = new AtomicLong();
    private long lastCount;
    private long lastNanos = System.nanoTime();

    /** Adds one and returns the new total. */
    long increment() {
        return count.incrementAndGet();
    }

    long total() {
        return count.get();
    }

    /** Messages per second since the previous call. Progress thread only. */
    long rate() {
        long now = System.nanoTime();
        long c = count.get();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long rate = Math.round((c - lastCount) / seconds);
        lastCount = c;
        lastNanos = now;
        return rate;
    }
}
