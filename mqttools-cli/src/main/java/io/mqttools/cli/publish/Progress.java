package io.mqttools.cli.publish;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A "Published 1234/100000 message(s)" line on standard error, rewritten twice a second, shown only when
 * attached to a terminal ({@code System.console() != null}) so that pipes and tests see clean output.
 */
final class Progress implements AutoCloseable {
    private static final int MIN_COUNT = 1000;

    private final ScheduledExecutorService timer;
    private final PrintStream err = System.err;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static Progress start(PublishRun run, int count) {
        if (System.console() == null || count < MIN_COUNT) {
            return new Progress(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        Progress p = new Progress(timer);
        timer.scheduleAtFixedRate(() -> p.err.print("\rPublished " + run.completed() + "/" + count + " message(s)"),
                500, 500, TimeUnit.MILLISECONDS);
        return p;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            err.print("\r\033[K");
            err.flush();
        }
    }
}
