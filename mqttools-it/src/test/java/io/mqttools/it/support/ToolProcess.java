package io.mqttools.it.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A child process whose standard output and error are collected line by line by two daemon threads, so
 * that a test can wait for a line to appear without blocking on the pipe. Closing it kills the process.
 */
public final class ToolProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private ToolProcess(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutReader = collect(process.getInputStream(), stdout, "stdout");
        this.stderrReader = collect(process.getErrorStream(), stderr, "stderr");
    }

    /** Starts {@code command} in {@code workingDirectory} (or the current one when null). */
    public static ToolProcess start(List<String> command, Path workingDirectory, Map<String, String> environment) {
        return start(command, workingDirectory, environment, null);
    }

    /** Starts {@code command} with its standard input read from {@code stdin} (or empty when null). */
    public static ToolProcess start(List<String> command, Path workingDirectory, Map<String, String> environment,
            Path stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(
                stdin == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(stdin.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().putAll(environment);
        try {
            ToolProcess started = new ToolProcess(command, builder.start());
            started.process.getOutputStream().close();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts {@code command} in the current directory with the inherited environment. */
    public static ToolProcess start(List<String> command) {
        return start(command, null, Map.of());
    }

    /** Runs {@code command} to completion and fails unless it exits 0 within {@code timeout}. */
    public static ToolProcess run(List<String> command, Duration timeout) {
        ToolProcess p = start(command);
        int exit = p.awaitExit(timeout);
        if (exit != 0) {
            fail("exit code " + exit + " from " + p.describe());
        }
        return p;
    }

    /** Waits for the first line of standard output matching {@code condition} and returns it. */
    public String awaitStdoutLine(Predicate<String> condition, Duration timeout) {
        return awaitLine(stdout, condition, timeout, "stdout");
    }

    /** Waits for the first line on standard output or error matching {@code condition} and returns it. */
    public String awaitAnyLine(Predicate<String> condition, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> stdout.stream().anyMatch(condition) || stderr.stream().anyMatch(condition));
        } catch (ConditionTimeoutException e) {
            fail("no matching line within " + timeout + " from " + describe());
        }
        return java.util.stream.Stream.concat(stdout.stream(), stderr.stream()).filter(condition).findFirst()
                .orElseThrow();
    }

    private String awaitLine(List<String> lines, Predicate<String> condition, Duration timeout, String stream) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> lines.stream().anyMatch(condition));
        } catch (ConditionTimeoutException e) {
            fail("no matching line on " + stream + " within " + timeout + " from " + describe());
        }
        return lines.stream().filter(condition).findFirst().orElseThrow();
    }

    /** Waits for the process to end, then for its output to be read completely, and returns the exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("did not exit within " + timeout + ": " + describe());
            }
            stdoutReader.join(timeout.toMillis());
            stderrReader.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends SIGKILL: the process gets no chance to close its connections politely. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Sends {@code signal} (a name such as INT or TERM) with the shell's kill builtin. */
    public void signal(String signal) {
        ToolProcess kill = start(List.of("/bin/sh", "-c", "kill -" + signal + " " + process.pid()));
        if (kill.awaitExit(Duration.ofSeconds(10)) != 0) {
            fail("could not send SIG" + signal + ": " + kill.describe());
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The lines read from standard output so far. */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** The lines read from standard error so far. */
    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** The command and everything it printed so far, for assertion messages. */
    public String describe() {
        String exit = process.isAlive() ? "running" : "exit " + process.exitValue();
        return String.join(" ", command) + " (" + exit + ")\n--- stdout:\n" + tail(stdout) + "\n--- stderr:\n" + tail(stderr);
    }

    private static String tail(List<String> lines) {
        List<String> copy = List.copyOf(lines);
        List<String> last = copy.subList(Math.max(0, copy.size() - 40), copy.size());
        StringBuilder text = new StringBuilder();
        for (String line : last) {
            text.append(line.length() > 300 ? line.substring(0, 300) + "...(" + line.length() + " chars)" : line).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Thread collect(InputStream in, List<String> sink, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                // The process was killed while we were reading: what was read so far is all there is.
            }
        }, "tool-" + name + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
