package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A child process whose standard output and error lines are collected as they come. */
final class OutputProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread outPump;
    private final Thread errPump;

    private OutputProcess(Process process) {
        this.process = process;
        outPump = pump(process.getInputStream(), out);
        errPump = pump(process.getErrorStream(), err);
    }

    static OutputProcess start(List<String> command) {
        try {
            return new OutputProcess(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /** Runs the mqttools CLI jar with the given arguments. */
    static OutputProcess cli(String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", Tools.cliJar().toString()));
        command.addAll(List.of(args));
        return start(command);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Thread pump(java.io.InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    void awaitOutputLine(String line, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(stdout()).as("stdout (stderr: %s)", stderr()).contains(line));
    }

    /** Waits for the exit and returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("process exited within %s; stdout %s; stderr %s", timeout, tail(stdout()), stderr()).isTrue();
        outPump.join(5000);
        errPump.join(5000);
        return process.exitValue();
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }

    List<String> stdout() {
        synchronized (out) {
            return new ArrayList<>(out);
        }
    }

    List<String> stderr() {
        synchronized (err) {
            return new ArrayList<>(err);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
