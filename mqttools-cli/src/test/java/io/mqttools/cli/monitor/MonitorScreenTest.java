package io.mqttools.cli.monitor;

import static io.mqttools.cli.monitor.VirtualScreen.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MonitorScreenTest {
    @Test
    void draw_noMessagesYet_showsTitleHeaderAndMenu() throws Exception {
        VirtualScreen s = new VirtualScreen(100, 10, 2).started();

        List<String> lines = s.frame();

        assertThat(lines.get(0)).isEqualTo(" mqttools monitor | localhost:1883 | 0 topics | 0 messages | 0.0/s | connecting");
        assertThat(lines.get(1)).isEqualTo(MonitorRenderer.HEADER);
        assertThat(lines.get(2)).isEqualTo("No messages yet.");
        assertThat(lines.get(9)).isEqualTo(" q: Quit, p: Play/Pause, f: Format (auto)");
    }

    @Test
    void draw_messagesOnTwoTopics_showsRowsSortedByTopic() throws Exception {
        VirtualScreen s = new VirtualScreen(100, 10, 2).started();
        s.table.onConnectionState(ConnectionState.CONNECTED, "");
        s.publish("/test/b", "bee");
        s.publish("/test/a", "first");
        s.publish("/test/a", "second");

        List<String> lines = s.frame();

        assertThat(lines.get(0)).isEqualTo(" mqttools monitor | localhost:1883 | 2 topics | 3 messages | 3.0/s | connected");
        assertThat(lines.subList(2, 6)).containsExactly(
                "22:13:20         2       2.0  /test/a",
                "          second",
                "22:13:20         1       1.0  /test/b",
                "          bee");
    }

    @Test
    void draw_longMessage_isWrappedToWidthAndCutAfterMaxLines() throws Exception {
        VirtualScreen s = new VirtualScreen(30, 10, 2).started();
        s.publish("t", "0123456789".repeat(6));

        List<String> lines = s.frame();

        assertThat(lines.subList(3, 6)).containsExactly(
                "          01234567890123456789",
                "          01234567890123456...",
                "");
    }

    @Test
    void press_p_freezesRowsWhileTotalsKeepCounting() throws Exception {
        VirtualScreen s = new VirtualScreen(100, 10, 1).started();
        s.publish("t", "before");
        s.frame();

        assertThat(s.press(key('p'))).isEqualTo(MonitorView.KeyResult.CHANGED);
        s.publish("t", "during");
        s.publish("u", "new topic");
        List<String> paused = s.frame();

        assertThat(paused.get(0)).contains("2 topics | 3 messages").endsWith("PAUSED");
        assertThat(paused.get(2)).contains(" 1 ").endsWith("  t");
        assertThat(paused.get(3)).isEqualTo("          before");
        assertThat(paused.get(4)).isEmpty();

        s.press(key('p'));
        List<String> playing = s.frame();

        assertThat(playing.get(0)).doesNotContain("PAUSED");
        assertThat(playing.get(2)).contains(" 2 ").endsWith("  t");
        assertThat(playing.subList(3, 6)).containsExactly("          during", lineOf(playing.get(4), "u"), "          new topic");
    }

    private static String lineOf(String line, String topic) {
        assertThat(line).endsWith("  " + topic);
        return line;
    }

    @Test
    void press_f_cyclesFormatsAndReformatsShownMessages() throws Exception {
        VirtualScreen s = new VirtualScreen(100, 10, 1).started();
        s.publish("t", "Hi");
        s.frame();

        s.press(key('f'));
        assertThat(s.lines().get(3)).isEqualTo("          4869");
        assertThat(s.lines().get(9)).isEqualTo(" q: Quit, p: Play/Pause, f: Format (binary)");

        s.press(key('f'));
        assertThat(s.lines().get(3)).isEqualTo("          Hi");
        assertThat(s.lines().get(9)).endsWith("Format (text)");

        s.press(key('f'));
        assertThat(s.lines().get(9)).endsWith("Format (auto)");
    }

    @Test
    void press_scrollKeys_moveThroughTopicsAndStopAtTheEnds() throws Exception {
        VirtualScreen s = new VirtualScreen(80, 9, 1).started();
        for (int i = 0; i < 10; i++) {
            s.publish(String.format("topic/%02d", i), "m" + i);
        }
        List<String> top = s.frame();
        assertThat(top.get(2)).endsWith("topic/00");
        assertThat(top.get(8)).endsWith("1-3 of 10");

        s.press(key(KeyType.ArrowDown));
        assertThat(s.lines().get(2)).endsWith("topic/01");

        s.press(key(KeyType.PageDown));
        assertThat(s.lines().get(2)).endsWith("topic/04");

        s.press(key(KeyType.End));
        assertThat(s.lines().get(2)).endsWith("topic/07");
        assertThat(s.lines().get(6)).endsWith("topic/09");
        assertThat(s.lines().get(8)).endsWith("8-10 of 10");

        s.press(key(KeyType.ArrowDown));
        assertThat(s.lines().get(2)).endsWith("topic/07");

        s.press(key(KeyType.PageUp));
        assertThat(s.lines().get(2)).endsWith("topic/04");

        s.press(key(KeyType.Home));
        assertThat(s.lines().get(2)).endsWith("topic/00");
    }

    @Test
    void draw_afterResize_followsTheNewSize() throws Exception {
        VirtualScreen s = new VirtualScreen(100, 10, 3).started();
        s.publish("t", "x".repeat(60));
        s.frame();

        s.terminal.setTerminalSize(new TerminalSize(40, 6));
        List<String> lines = s.frame();

        assertThat(lines).hasSize(6);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40));
        assertThat(lines.subList(3, 5)).containsExactly("          " + "x".repeat(30), "          " + "x".repeat(30));
        assertThat(lines.get(5)).startsWith(" q: Quit, p: Play/Pause, f: Format");
    }

    @Test
    void draw_disconnected_showsStateAndReason() throws Exception {
        VirtualScreen s = new VirtualScreen(120, 6, 1).started();
        s.table.onConnectionState(ConnectionState.DISCONNECTED, "connection refused, retrying in 2 s");

        assertThat(s.frame().get(0))
                .endsWith(" | 0.0/s | disconnected: connection refused, retrying in 2 s");
    }

    @Test
    void draw_controlCharactersInTopicAndReason_areEscaped() throws Exception {
        VirtualScreen s = new VirtualScreen(120, 6, 1).started();
        s.table.onConnectionState(ConnectionState.DISCONNECTED, "line one\nline two");
        s.publish("a\u001B[2Jb", "x");

        List<String> lines = s.frame();

        assertThat(lines.get(0)).endsWith("disconnected: line one\\nline two");
        assertThat(lines.get(2)).endsWith("  a\\x1B[2Jb");
    }

    @Test
    void draw_tinyTerminal_saysSoInsteadOfFailing() throws Exception {
        VirtualScreen s = new VirtualScreen(100, 10, 1).started();
        s.publish("t", "x");
        s.terminal.setTerminalSize(new TerminalSize(19, 3));

        assertThat(s.frame().get(0)).isEqualTo("Terminal too small");
    }

    @Test
    void run_q_quitsAndLeavesTheScreen() throws Exception {
        VirtualScreen s = new VirtualScreen(80, 10, 1);
        s.terminal.putString("shell prompt");
        s.terminal.addInput(key('q'));

        s.ui.run();

        assertThat(s.lines().get(0)).isEqualTo("shell prompt");
    }

    @Test
    void run_ctrlC_quits() throws Exception {
        VirtualScreen s = new VirtualScreen(80, 10, 1);
        s.terminal.putString("shell prompt");
        s.terminal.addInput(new KeyStroke('c', true, false));
        s.terminal.addInput(key('p'));

        s.ui.run();

        assertThat(s.lines().get(0)).isEqualTo("shell prompt");
        assertThat(s.view.playing()).as("keys after Ctrl-C are not applied").isTrue();
    }

    @Test
    void press_otherKeys_areIgnored() throws Exception {
        VirtualScreen s = new VirtualScreen(80, 10, 1).started();

        assertThat(s.press(key('x'), new KeyStroke('d', true, false))).isEqualTo(MonitorView.KeyResult.IGNORED);
    }
}
