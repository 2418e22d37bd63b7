package io.mqttools.it.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code java -jar mqttools.jar monitor} in a tmux session against a broker started for the test (the
 * subclasses say which), publishes with {@code mosquitto_pub}, reads the screen with {@code capture-pane}
 * and presses keys.
 */
@Timeout(180)
abstract class MonitorScenarios {
    private static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(30);
    private static Path tmuxExecutable;
    private static Path mosquittoPub;
    private static Path jar;

    @TempDir
    Path dir;
    private TestBroker broker;
    private Tmux tmux;

    @BeforeAll
    static void findTools() {
        tmuxExecutable = io.mqttools.it.support.ExternalTools.program("tmux", "tmux");
        mosquittoPub = io.mqttools.it.support.ExternalTools.mosquittoPub();
        String property = System.getProperty("mqttools.jar");
        assertThat(property).as("system property mqttools.jar (set by failsafe in mqttools-it/pom.xml)").isNotNull();
        jar = Path.of(property);
        assertThat(jar).as("the CLI jar; build mqttools-cli first").isRegularFile();
    }

    /** A broker on a free port, not started yet. */
    abstract TestBroker prepareBroker(Path dir) throws Exception;

    @BeforeEach
    void createBroker() throws Exception {
        broker = prepareBroker(dir);
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (tmux != null) {
                tmux.close();
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void monitor_messagesAndKeys_showsTopicsPausesCyclesFormatsAndQuits() throws Exception {
        broker.start();
        startMonitor(120, 30, "/it/#");
        awaitScreen("connected", s -> assertThat(title(s)).endsWith("| connected"));

        publish("/it/b", "world");
        publish("/it/a", "hello");
        awaitScreen("both topics sorted, with time, count, rate and message", s -> {
            assertThat(title(s)).contains("127.0.0.1:" + broker.port(), "2 topics", "2 messages");
            assertThat(entry(s, "/it/a")).matches("\\d\\d:\\d\\d:\\d\\d +1 +\\d+\\.\\d  /it/a\n {10}hello");
            assertThat(entry(s, "/it/b")).endsWith("/it/b\n          world");
            assertThat(s.indexOf("/it/a")).as("rows sorted by topic").isLessThan(s.indexOf("/it/b"));
            assertThat(menu(s)).isEqualTo(" q: Quit, p: Play/Pause, f: Format (auto)");
        });

        tmux.sendKeys("p");
        awaitScreen("paused", s -> assertThat(title(s)).endsWith("PAUSED"));
        publish("/it/a", "changed");
        awaitScreen("counted while the view is frozen", s -> {
            assertThat(title(s)).contains("| 3 messages |");
            assertThat(entry(s, "/it/a")).contains(" 1 ").endsWith("hello");
        });

        tmux.sendKeys("p");
        awaitScreen("playing again", s -> {
            assertThat(title(s)).doesNotContain("PAUSED");
            assertThat(entry(s, "/it/a")).contains(" 2 ").endsWith("changed");
        });

        tmux.sendKeys("f");
        awaitScreen("binary", s -> {
            assertThat(menu(s)).endsWith("Format (binary)");
            assertThat(entry(s, "/it/a")).endsWith("6368616e676564");
        });
        tmux.sendKeys("f");
        awaitScreen("text", s -> {
            assertThat(menu(s)).endsWith("Format (text)");
            assertThat(entry(s, "/it/a")).endsWith("changed");
        });
        tmux.sendKeys("f");
        awaitScreen("auto", s -> assertThat(menu(s)).endsWith("Format (auto)"));

        tmux.sendKeys("q");
        awaitScreen("exited", s -> assertThat(s).contains("MONITOR-EXIT=0").doesNotContain("mqttools monitor |"));
        assertTerminalRestored();
    }

    @Test
    void monitor_brokerRestarts_showsTheLossAndReconnectsByItself() throws Exception {
        broker.start();
        startMonitor(120, 30, "/it/#");
        awaitScreen("connected", s -> assertThat(title(s)).endsWith("| connected"));
        publish("/it/before", "one");
        awaitScreen("first message", s -> assertThat(entry(s, "/it/before")).endsWith("one"));

        broker.stop();
        awaitScreen("disconnected", s -> assertThat(title(s)).contains("| disconnected: reconnecting ("));
        broker.start();
        awaitScreen("reconnected", s -> assertThat(title(s)).endsWith("| connected"));

        publish("/it/after", "two");
        awaitScreen("message after the restart", s -> {
            assertThat(entry(s, "/it/after")).endsWith("two");
            assertThat(entry(s, "/it/before")).endsWith("one");
        });
    }

    @Test
    void monitor_brokerNotUpYet_showsEachFailedAttemptAndConnectsOnceItIs() throws Exception {
        startMonitor(120, 30, "/it/#");
        awaitScreen("a failed attempt", s -> assertThat(title(s)).contains("| disconnected: retrying in "));

        broker.start();
        awaitScreen("connected", s -> assertThat(title(s)).endsWith("| connected"));
        publish("/it/late", "finally");
        awaitScreen("the message", s -> assertThat(entry(s, "/it/late")).endsWith("finally"));
    }

    @Test
    void monitor_manyTopicsResizeAndCtrlC_scrollsFollowsTheSizeAndQuitsCleanly() throws Exception {
        broker.start();
        startMonitor(100, 20, "/it/#");
        awaitScreen("connected", s -> assertThat(title(s)).endsWith("| connected"));
        for (int i = 0; i < 12; i++) {
            publish(String.format("/it/t%02d", i), "m" + i);
        }
        awaitScreen("the first page of topics", s -> {
            assertThat(title(s)).contains("12 topics");
            assertThat(s.lines().skip(2).findFirst().orElse("")).endsWith("/it/t00");
            assertThat(menu(s)).endsWith("1-9 of 12");
        });

        tmux.sendKeys("End");
        awaitScreen("scrolled to the end", s -> {
            assertThat(s).contains("/it/t11").doesNotContain("/it/t03");
            assertThat(menu(s)).endsWith("5-12 of 12");
        });
        tmux.sendKeys("Home");
        awaitScreen("scrolled to the top", s -> assertThat(s).contains("/it/t00").doesNotContain("/it/t11"));

        tmux.resize(60, 10);
        awaitScreen("resized", s -> {
            List<String> rows = s.lines().toList();
            assertThat(rows).hasSize(10).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
            assertThat(rows.get(9)).startsWith(" q: Quit");
            assertThat(rows.get(2)).endsWith("/it/t00");
        });

        tmux.sendKeys("C-c");
        awaitScreen("exited", s -> assertThat(s).contains("MONITOR-EXIT=0").doesNotContain("mqttools monitor |"));
        assertTerminalRestored();
    }

    @Test
    void monitor_fastStream_countsEveryMessageAndStaysResponsive() throws Exception {
        broker.start();
        startMonitor(120, 30, "--qos", "1", "/it/#");
        awaitScreen("connected", s -> assertThat(title(s)).endsWith("| connected"));
        int messages = 20_000;
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= messages; i++) {
            lines.append("payload-").append(i).append('\n');
        }

        // QoS 1 both ways, so that the broker may not drop any and the count must be exact.
        Process pub = new ProcessBuilder(mosquittoPub.toString(), "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-q", "1", "-t", "/it/fast", "-l")
                .redirectErrorStream(true)
                .start();
        pub.getOutputStream().write(lines.toString().getBytes(StandardCharsets.US_ASCII));
        pub.getOutputStream().close();
        pub.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(pub.waitFor(60, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();

        awaitScreen("every message counted", s -> {
            assertThat(title(s)).contains("| " + messages + " messages |");
            assertThat(entry(s, "/it/fast")).contains(" " + messages + " ").endsWith("payload-" + messages);
        });
        tmux.sendKeys("p");
        awaitScreen("paused", s -> assertThat(title(s)).endsWith("PAUSED"));
        tmux.sendKeys("q");
        awaitScreen("exited", s -> assertThat(s).contains("MONITOR-EXIT=0"));
    }

    private static String title(String screen) {
        return screen.lines().findFirst().orElse("");
    }

    private static String menu(String screen) {
        List<String> rows = screen.lines().toList();
        return rows.isEmpty() ? "" : rows.get(rows.size() - 1);
    }

    /** A topic's headline and its first message line, joined by a newline. */
    private static String entry(String screen, String topic) {
        List<String> rows = screen.lines().toList();
        for (int i = 0; i + 1 < rows.size(); i++) {
            if (rows.get(i).endsWith("  " + topic)) {
                return rows.get(i) + "\n" + rows.get(i + 1);
            }
        }
        throw new AssertionError("no row for " + topic);
    }

    private void startMonitor(int columns, int rows, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder quoted = new StringBuilder();
        for (String arg : args) {
            quoted.append(' ').append(quote(arg));
        }
        String command = "stty -a > " + quote(dir.resolve("stty-before")) + "; "
                + quote(java) + " -jar " + quote(jar) + " monitor --host 127.0.0.1 --port " + broker.port()
                + quoted + "; echo MONITOR-EXIT=$?; "
                + "stty -a > " + quote(dir.resolve("stty-after")) + "; sleep 600";
        tmux = Tmux.start(tmuxExecutable, columns, rows, command);
    }

    /** The terminal modes after the monitor are those before it (the first line, with the size, aside). */
    private void assertTerminalRestored() throws IOException {
        Path after = dir.resolve("stty-after");
        await("stty after the monitor").atMost(SCREEN_TIMEOUT).until(() -> Files.isRegularFile(after) && Files.size(after) > 0);
        assertThat(withoutFirstLine(Files.readString(after))).as("terminal settings after the monitor")
                .contains("icanon", "echo", "intr = ^C")
                .isEqualTo(withoutFirstLine(Files.readString(dir.resolve("stty-before"))));
    }

    private static String withoutFirstLine(String text) {
        return text.substring(text.indexOf('\n') + 1);
    }

    private static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }

    private void publish(String topic, String message) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(mosquittoPub.toString(), "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-t", topic, "-m", message)
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
        assertThat(p.exitValue()).as("mosquitto_pub: " + new String(out)).isZero();
    }

    /**
     * Polls the screen until {@code assertions} pass on one capture: a frame can be captured half written, so
     * every expectation about a state is checked on the same capture and retried.
     */
    private void awaitScreen(String what, Consumer<String> assertions) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            await(what).atMost(SCREEN_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                last.set(tmux.text());
                assertions.accept(last.get());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("screen never showed " + what + "; last screen:\n" + last.get()
                    + "\nmosquitto log:\n" + broker.log(), e);
        }
    }
}
