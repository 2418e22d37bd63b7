package io.mqttools.it.bench;

import io.mqttools.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import picocli.CommandLine;

/** A {@code mqttools bench ...} command line run in-process, on a thread of its own, its output collected. */
final class BenchRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit;

    private BenchRun(List<String> args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        exit = CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)), runnable -> {
            Thread t = new Thread(runnable, "bench-it");
            t.setDaemon(true);
            t.start();
        });
    }

    static BenchRun start(String... args) {
        return new BenchRun(List.of(args));
    }

    /** Runs to the end and returns the exit status. */
    static BenchRun run(String... args) {
        BenchRun r = start(args);
        r.exitStatus();
        return r;
    }

    /** Waits until standard output contains {@code text}. */
    BenchRun awaitOutput(String text) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> out().contains(text) || exit.isDone());
        if (!out().contains(text)) {
            throw new AssertionError("ended without printing '" + text + "': " + this);
        }
        return this;
    }

    int exitStatus() {
        return exit.join();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public String toString() {
        return "--- stdout:\n" + out() + "--- stderr:\n" + err();
    }
}
