package io.mqttools.cli.monitor;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A monitor drawn on Lanterna's in-memory terminal, with a hand-driven clock, for tests that read the screen. */
final class VirtualScreen {
    static final long T0 = 1_700_000_000_000L; // 22:13:20 UTC

    final AtomicLong clock = new AtomicLong(T0);
    final TopicTable table = new TopicTable(1_000, 4_096, clock::get);
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final MonitorView view = new MonitorView(table, PayloadFormat.AUTO, clock::get);
    final MonitorUi ui;

    VirtualScreen(int columns, int rows, int messageLines) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        screen = new TerminalScreen(terminal);
        ui = new MonitorUi(screen, view, new MonitorRenderer("localhost:1883", ZoneOffset.UTC, messageLines),
                Duration.ofMillis(100));
    }

    VirtualScreen started() throws IOException {
        screen.startScreen();
        return this;
    }

    /** Advances the clock by one frame, then takes and draws a frame as the UI loop does. */
    List<String> frame() throws IOException {
        clock.addAndGet(100);
        view.tick();
        ui.draw();
        return lines();
    }

    /** Presses keys and draws as the UI loop does after a key. */
    MonitorView.KeyResult press(KeyStroke... keys) throws IOException {
        for (KeyStroke key : keys) {
            terminal.addInput(key);
        }
        MonitorView.KeyResult result = ui.handleInput();
        ui.draw();
        return result;
    }

    static KeyStroke key(char c) {
        return new KeyStroke(c, false, false);
    }

    static KeyStroke key(KeyType type) {
        return new KeyStroke(type);
    }

    void publish(String topic, String payload) {
        table.onMessage(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), clock.get());
    }

    /** The screen as text, one string per row, trailing spaces removed. */
    List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < size.getColumns(); column++) {
                line.append(terminal.getCharacter(column, row).getCharacterString());
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
