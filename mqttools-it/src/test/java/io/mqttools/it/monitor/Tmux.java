package io.mqttools.it.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One detached tmux session on a tmux server of its own (its own socket), so that tests neither see nor
 * disturb any other tmux use on the machine: type keys, resize, read the screen.
 */
final class Tmux implements AutoCloseable {
    private static final String SESSION = "it";
    private final Path executable;
    private final String socket;

    private Tmux(Path executable, String socket) {
        this.executable = executable;
        this.socket = socket;
    }

    /** Starts {@code shellCommand} in a new {@code columns} x {@code rows} session. */
    static Tmux start(Path executable, int columns, int rows, String shellCommand) throws IOException, InterruptedException {
        Tmux tmux = new Tmux(executable, "mqttools-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        tmux.run("new-session", "-d", "-s", SESSION, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                shellCommand);
        return tmux;
    }

    /** Presses keys, in tmux's key names ({@code q}, {@code C-c}, {@code End}, {@code PageDown}...). */
    void sendKeys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    void resize(int columns, int rows) throws IOException, InterruptedException {
        run("resize-window", "-t", SESSION, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** The visible screen, one string per row. */
    List<String> screen() throws IOException, InterruptedException {
        return List.of(run("capture-pane", "-p", "-t", SESSION).split("\n", -1));
    }

    /** The visible screen as one text, for assertions and failure messages. */
    String text() throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", SESSION);
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("kill-server");
    }
}
