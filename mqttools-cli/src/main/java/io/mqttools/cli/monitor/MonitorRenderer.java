package io.mqttools.cli.monitor;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws one frame of a {@link MonitorView}: a title bar (target, totals, connection state, play state), a
 * column header, the topics from the scroll position down, each as a line with the time of its last message,
 * its count, its rate and its name followed by its last message wrapped to the width (at most a given number
 * of lines, the last cut with an ellipsis), and the menu line at the bottom.
 *
 * <p>Stateless apart from its settings; called on the UI thread.
 */
final class MonitorRenderer {
    static final String HEADER = String.format("%-8s %9s %9s  %s", "TIME", "COUNT", "RATE/s", "TOPIC / MESSAGE");
    /** Where message lines start: just past the time column, so that they stand apart yet keep most of the width. */
    static final int MESSAGE_INDENT = 10;
    private static final int MIN_COLUMNS = 20;
    private static final int MIN_ROWS = 4;
    private static final String PAUSED = " PAUSED ";

    private final String target;
    private final DateTimeFormatter timeFormat;
    private final int messageLines;

    /**
     * @param target the broker as shown in the title bar, e.g. {@code localhost:1883}
     * @param zone the time zone of the times shown
     * @param messageLines how many lines a message may take at most
     */
    MonitorRenderer(String target, ZoneId zone, int messageLines) {
        if (messageLines < 1) {
            throw new IllegalArgumentException("messageLines must be at least 1");
        }
        this.target = target;
        this.timeFormat = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
        this.messageLines = messageLines;
    }

    void draw(TextGraphics g, TerminalSize size, MonitorView view) {
        int width = size.getColumns();
        int height = size.getRows();
        g.setBackgroundColor(TextColor.ANSI.DEFAULT).setForegroundColor(TextColor.ANSI.DEFAULT);
        g.fill(' ');
        if (width < MIN_COLUMNS || height < MIN_ROWS) {
            g.putString(0, 0, TextLayout.fit("Terminal too small", width));
            return;
        }
        drawTitle(g, width, view);
        g.putString(0, 1, TextLayout.pad(HEADER, width), SGR.BOLD);
        int shown = drawRows(g, width, height - 3, view);
        drawMenu(g, width, height - 1, view, shown);
    }

    private void drawTitle(TextGraphics g, int width, MonitorView view) {
        TopicTable table = view.table();
        TopicTable.Status status = table.status();
        StringBuilder totals = new StringBuilder(" mqttools monitor | ").append(target)
                .append(" | ").append(table.topicCount()).append(" topics | ")
                .append(table.total()).append(" messages | ").append(rate(view.totalRate())).append("/s | ");
        if (table.overflow() > 0) {
            totals.append(table.overflow()).append(" beyond topic limit | ");
        }
        // The state comes last: its reason may be long and is the part to cut.
        String detail = PayloadFormat.escape(status.detail(), width);
        String state = status.state().label() + (detail.isEmpty() ? "" : ": " + detail);
        g.setBackgroundColor(TextColor.ANSI.GREEN).setForegroundColor(TextColor.ANSI.BLACK);
        g.putString(0, 0, TextLayout.pad(totals + state, width));
        if (status.state() != ConnectionState.CONNECTED && totals.length() < width) {
            g.setBackgroundColor(status.state() == ConnectionState.CONNECTING ? TextColor.ANSI.YELLOW : TextColor.ANSI.RED);
            g.putString(totals.length(), 0, TextLayout.fit(state, width - totals.length()), SGR.BOLD);
        }
        if (!view.playing()) {
            g.setBackgroundColor(TextColor.ANSI.YELLOW).setForegroundColor(TextColor.ANSI.BLACK);
            g.putString(width - PAUSED.length(), 0, PAUSED, SGR.BOLD);
        }
        g.setBackgroundColor(TextColor.ANSI.DEFAULT).setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    private void drawMenu(TextGraphics g, int width, int row, MonitorView view, int shown) {
        String menu = " q: Quit, p: Play/Pause, f: Format (" + view.format().label() + ")";
        int topics = view.rows().size();
        g.setBackgroundColor(TextColor.ANSI.CYAN).setForegroundColor(TextColor.ANSI.BLACK);
        g.putString(0, row, TextLayout.pad(menu, width));
        if (shown < topics) {
            String position = (view.scroll() + 1) + "-" + (view.scroll() + shown) + " of " + topics + " ";
            String withHint = "Up/Down/PgUp/PgDn: Scroll, " + position;
            String right = menu.length() + 2 + withHint.length() <= width ? withHint : position;
            if (menu.length() + 2 + right.length() <= width) {
                g.putString(width - right.length(), row, right);
            }
        }
        g.setBackgroundColor(TextColor.ANSI.DEFAULT).setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    private int drawRows(TextGraphics g, int width, int bodyRows, MonitorView view) {
        List<MonitorView.TopicRow> rows = view.rows();
        if (rows.isEmpty()) {
            g.putString(0, 2, TextLayout.fit("No messages yet.", width));
            view.laidOut(0, 0);
            return 0;
        }
        int messageWidth = width - MESSAGE_INDENT;
        int first = Math.min(view.scroll(), lastFirst(rows, messageWidth, bodyRows, view.format()));
        int row = 2;
        int end = 2 + bodyRows;
        int shown = 0;
        for (int i = first; i < rows.size() && row < end; i++, shown++) {
            MonitorView.TopicRow topic = rows.get(i);
            g.putString(0, row++, TextLayout.fit(headline(topic, width), width));
            for (String line : messageLines(topic, messageWidth, view.format())) {
                if (row == end) {
                    break;
                }
                g.putString(MESSAGE_INDENT, row++, line);
            }
        }
        view.laidOut(first, shown);
        return shown;
    }

    /** The highest scroll position that still fills the body, so that scrolling stops at the last topic. */
    private int lastFirst(List<MonitorView.TopicRow> rows, int messageWidth, int bodyRows, PayloadFormat format) {
        int used = 0;
        for (int i = rows.size() - 1; i >= 0; i--) {
            used += 1 + messageLines(rows.get(i), messageWidth, format).size();
            if (used > bodyRows) {
                return Math.min(i + 1, rows.size() - 1);
            }
        }
        return 0;
    }

    private String headline(MonitorView.TopicRow row, int width) {
        // A topic name may hold any character but U+0000, escape sequences included.
        return String.format(Locale.ROOT, "%-8s %9d %9s  %s",
                timeFormat.format(Instant.ofEpochMilli(row.last().timeMillis())),
                row.count(),
                rate(row.rate()),
                PayloadFormat.escape(row.topic(), width));
    }

    private List<String> messageLines(MonitorView.TopicRow row, int width, PayloadFormat format) {
        TopicEntry.Last last = row.last();
        if (last.size() == 0) {
            return List.of("(empty)");
        }
        String text = format.format(last.payload(), last.size(), width * messageLines);
        return TextLayout.wrap(text, width, messageLines);
    }

    static String rate(double rate) {
        return rate >= 100_000 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.1f", rate);
    }
}
