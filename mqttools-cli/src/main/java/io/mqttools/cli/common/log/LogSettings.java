package io.mqttools.cli.common.log;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.slf4j.event.Level;

/**
 * slf4j-simple's settings, read from its system properties.
 *
 * @param defaultLevel the level of loggers without their own; null for off
 * @param perLogger    looks up {@code org.slf4j.simpleLogger.log.NAME}; null when not set
 * @param dateFormat   the timestamp's pattern, null for no timestamp
 * @param logFile      {@code System.err}, {@code System.out} or a file name
 */
record LogSettings(Level defaultLevel, UnaryOperator<String> perLogger, String dateFormat, String logFile) {
    static final String PREFIX = "org.slf4j.simpleLogger.";

    static LogSettings fromSystemProperties() {
        boolean showDateTime = Boolean.parseBoolean(System.getProperty(PREFIX + "showDateTime", "false"));
        String pattern = System.getProperty(PREFIX + "dateTimeFormat");
        return new LogSettings(parse(System.getProperty(PREFIX + "defaultLogLevel"), Level.INFO),
                name -> System.getProperty(PREFIX + "log." + name),
                showDateTime ? (pattern == null ? "yyyy-MM-dd HH:mm:ss.SSS" : pattern) : null,
                System.getProperty(PREFIX + "logFile", "System.err"));
    }

    /** The level of this logger: the nearest {@code log.NAME} set for it or a parent, else the default. */
    Level levelOf(String name) {
        for (String n = name; n != null; ) {
            String own = perLogger.apply(n);
            if (own != null) {
                return parse(own, defaultLevel);
            }
            int dot = n.lastIndexOf('.');
            n = dot < 0 ? null : n.substring(0, dot);
        }
        return defaultLevel;
    }

    /**
     * The formatter for a date pattern, null for none; an invalid pattern means no timestamp (slf4j-simple's
     * fallback differs).
     */
    static DateTimeFormatter formatter(String pattern) {
        if (pattern == null) {
            return null;
        }
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.getDefault());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** slf4j-simple's level names; "off" is null, anything unknown the fallback. */
    static Level parse(String level, Level fallback) {
        if (level == null) {
            return fallback;
        }
        return switch (level.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            case "off" -> null;
            default -> fallback;
        };
    }
}
