package io.mqttools.cli.monitor;

import com.googlecode.lanterna.TerminalTextUtils;
import java.util.ArrayList;
import java.util.List;

/** Column arithmetic for the screen: wrapping and fitting text by display width (CJK characters take two). */
final class TextLayout {
    static final String ELLIPSIS = "...";

    private TextLayout() {
    }

    /**
     * Wraps {@code text} into lines of at most {@code width} columns; when more than {@code maxLines} would be
     * needed, the last line ends in {@value #ELLIPSIS}. Always returns at least one line.
     */
    static List<String> wrap(String text, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int w = columns(c);
            if (column + w > width) {
                if (lines.size() + 1 == maxLines) {
                    lines.add(fit(line + text.substring(i), width));
                    return lines;
                }
                lines.add(line.toString());
                line.setLength(0);
                column = 0;
            }
            line.append(c);
            column += w;
        }
        lines.add(line.toString());
        return lines;
    }

    /** {@code text} cut to {@code width} columns, ending in {@value #ELLIPSIS} when it was cut. */
    static String fit(String text, int width) {
        if (TerminalTextUtils.getColumnWidth(text) <= width) {
            return text;
        }
        if (width <= ELLIPSIS.length()) {
            return TerminalTextUtils.fitString(text, width);
        }
        return TerminalTextUtils.fitString(text, width - ELLIPSIS.length()) + ELLIPSIS;
    }

    /** {@code text} padded with spaces or cut to exactly {@code width} columns. */
    static String pad(String text, int width) {
        String fitted = fit(text, width);
        return fitted + " ".repeat(Math.max(0, width - TerminalTextUtils.getColumnWidth(fitted)));
    }

    private static int columns(char c) {
        return TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
    }
}
