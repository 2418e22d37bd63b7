package io.mqttools.cli.common.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class CliLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private LogSettings settings(Level level, Map<String, String> perLogger, String dateFormat) {
        return new LogSettings(level, perLogger::get, dateFormat, "System.err");
    }

    private LogWriter writer(LogSettings settings) {
        return LogWriter.synchronous(new PrintStream(bytes, true, StandardCharsets.UTF_8), settings);
    }

    private String output(LogWriter w) {
        w.drain();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void info_withoutDate_isSlf4jSimplesLine() {
        LogSettings s = settings(Level.INFO, Map.of(), null);
        LogWriter w = writer(s);
        new CliLogger("a.B", s.levelOf("a.B"), w).info("{} connected ({})", "c1", 5);
        assertThat(output(w)).isEqualTo("[" + Thread.currentThread().getName() + "] INFO a.B - c1 connected (5)"
                + System.lineSeparator());
    }

    @Test
    void levels_belowThreshold_areDropped_andOffDropsAll() {
        LogSettings s = settings(Level.WARN, Map.of("quiet", "off", "loud.x", "debug"), null);
        LogWriter w = writer(s);
        CliLogger warn = new CliLogger("a", s.levelOf("a"), w);
        CliLogger off = new CliLogger("quiet.Inner", s.levelOf("quiet.Inner"), w);
        CliLogger debug = new CliLogger("loud.x.Y", s.levelOf("loud.x.Y"), w);
        warn.info("no");
        warn.warn("w");
        off.error("no");
        debug.trace("no");
        debug.debug("d");
        assertThat(warn.isInfoEnabled()).isFalse();
        assertThat(off.isErrorEnabled()).isFalse();
        assertThat(debug.isDebugEnabled()).isTrue();
        assertThat(output(w)).contains("WARN a - w", "DEBUG loud.x.Y - d").doesNotContain("no");
    }

    @Test
    void timestamp_isThePatternInTheDefaultZone_millisPadded() {
        LogWriter w = writer(settings(Level.INFO, Map.of(), "yyyy-MM-dd HH:mm:ss.SSS"));
        long at = 1_796_000_000_007L;
        StringBuilder line = new StringBuilder();
        w.appendTimestamp(line, at);
        w.appendTimestamp(line, at + 50);   // the same second: the cached prefix
        w.appendTimestamp(line, at + 1000); // the next
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
        assertThat(line.toString()).isEqualTo(f.format(Instant.ofEpochMilli(at)) + " "
                + f.format(Instant.ofEpochMilli(at + 50)) + " " + f.format(Instant.ofEpochMilli(at + 1000)) + " ");
    }

    @Test
    void timestamp_otherPattern_isFormattedWhole() {
        LogWriter w = writer(settings(Level.INFO, Map.of(), "HH:mm"));
        StringBuilder line = new StringBuilder();
        w.appendTimestamp(line, 0);
        assertThat(line.toString()).isEqualTo(
                DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(Instant.EPOCH) + " ");
    }

    @Test
    void error_withThrowable_printsTheTrace_inOrderAfterQueuedLines() {
        LogSettings s = settings(Level.INFO, Map.of(), null);
        LogWriter w = writer(s);
        CliLogger log = new CliLogger("x", s.levelOf("x"), w);
        log.info("first");
        log.error("second", new IllegalStateException("boom"));
        String out = bytes.toString(StandardCharsets.UTF_8); // printed by the error call itself
        assertThat(out.indexOf("INFO x - first")).isGreaterThanOrEqualTo(0)
                .isLessThan(out.indexOf("ERROR x - second"));
        assertThat(out).contains("java.lang.IllegalStateException: boom", "\tat ");
    }

    @Test
    void started_writer_printsInfoLinesWithoutBeingAsked() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogSettings s = settings(Level.INFO, Map.of(), null);
            LogWriter w = LogWriter.start(s);
            new CliLogger("y", Level.INFO, w).info("async");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> captured.toString(StandardCharsets.UTF_8).contains("INFO y - async"));
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("INFO y - async");
    }

    @Test
    void parse_unknownLevel_isTheFallback() {
        assertThat(LogSettings.parse("verbose", Level.INFO)).isEqualTo(Level.INFO);
        assertThat(LogSettings.parse(" WARN ", Level.INFO)).isEqualTo(Level.WARN);
        assertThat(LogSettings.parse("off", Level.INFO)).isNull();
    }
}
