package io.mqttools.cli.common.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger at one level, writing slf4j-simple's line: {@code [TIMESTAMP ][THREAD] LEVEL NAME - MESSAGE},
 * then the stack trace of a throwable. Warnings and errors are written before the call returns, the
 * rest by the writer's thread.
 */
final class CliLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final int threshold; // Level.toInt() of the lowest level logged; above ERROR for off
    private final transient LogWriter writer;

    CliLogger(String name, Level level, LogWriter writer) {
        this.name = name;
        this.threshold = level == null ? Level.ERROR.toInt() + 1 : level.toInt();
        this.writer = writer;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        StringBuilder line = new StringBuilder(160);
        writer.appendTimestamp(line, System.currentTimeMillis());
        line.append('[').append(Thread.currentThread().getName()).append("] ")
                .append(level.toString()).append(' ').append(name).append(" - ")
                .append(MessageFormatter.basicArrayFormat(messagePattern, arguments))
                .append(System.lineSeparator());
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter w = new PrintWriter(trace)) {
                throwable.printStackTrace(w);
            }
            line.append(trace);
        }
        writer.write(line, level.toInt() >= Level.WARN.toInt());
    }
}
