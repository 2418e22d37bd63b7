package io.mqttools.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * When a bench run ends and what it prints meanwhile: the progress line once a second, the end of
 * --duration, the run's own completion ({@link #finish()}) or Ctrl-C (a shutdown hook that stops the
 * run and waits for its summary to be printed).
 */
final class RunControl implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final Thread hook = new Thread(this::interrupted, "bench-shutdown");
    private final long startNanos = System.nanoTime();

    /**
     * @param progress seconds since the start → the progress line (called once a second on the ticker thread)
     */
    RunControl(PrintWriter out, LongFunction<String> progress) {
        Runtime.getRuntime().addShutdownHook(hook);
        ticker.scheduleAtFixedRate(() -> {
            out.println(progress.apply(Math.round((System.nanoTime() - startNanos) / 1e9)));
            out.flush();
        }, 1, 1, TimeUnit.SECONDS);
    }

    private void interrupted() {
        stop.countDown();
        try {
            closed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run has done what it was asked (e.g. --count reached). Any thread. */
    void finish() {
        stop.countDown();
    }

    /** Waits for {@link #finish()}, Ctrl-C, or the duration (null: no limit); true unless the duration ran out. */
    boolean await(Duration duration) throws InterruptedException {
        if (duration == null) {
            stop.await();
            return true;
        }
        return stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the progress line: call before printing the summary. */
    void stopProgress() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(2, TimeUnit.SECONDS);
    }

    /** Seconds since the start. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** After the summary: lets a pending Ctrl-C exit, or removes the hook. */
    @Override
    public void close() throws InterruptedException {
        stopProgress();
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and now returns.
        }
    }
}
