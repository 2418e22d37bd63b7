package io.mqttools.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrCaptureTest {
    @Test
    void close_afterWrites_restoresStderrAndWritesWhatWasHeldBack() {
        PrintStream saved = System.err;
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        System.setErr(new PrintStream(original, true, StandardCharsets.UTF_8));
        try {
            StderrCapture capture = StderrCapture.start();
            System.err.println("a log line");
            assertThat(original.toString(StandardCharsets.UTF_8)).as("held back while the UI runs").isEmpty();

            capture.close();

            assertThat(original.toString(StandardCharsets.UTF_8)).isEqualTo("a log line" + System.lineSeparator());
            System.err.print("after");
            assertThat(original.toString(StandardCharsets.UTF_8)).endsWith("after");
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void close_afterMoreThanTheLimit_keepsTheLastBytes() {
        PrintStream saved = System.err;
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        System.setErr(new PrintStream(original, true, StandardCharsets.UTF_8));
        try {
            StderrCapture capture = StderrCapture.start();
            System.err.print("a".repeat(StderrCapture.KEEP_BYTES));
            System.err.print("tail");

            capture.close();

            String out = original.toString(StandardCharsets.UTF_8);
            assertThat(out).hasSize(StderrCapture.KEEP_BYTES).endsWith("aaaatail");
        } finally {
            System.setErr(saved);
        }
    }
}
