package io.mqttools.broker.config;

import java.nio.file.Path;
import java.util.List;

/**
 * mosquitto's {@code log_type} and {@code log_dest} lines, mapped to one slf4j level (the most verbose type
 * given) and one destination (the first one this broker can write to); the rest gives warnings.
 */
final class LogDraft {
    /** slf4j levels from the most to the least verbose. */
    private static final List<String> LEVELS = List.of("debug", "info", "warn", "error", "off");

    private final List<String> warnings;
    private String level;
    private LogSettings.Destination destination;
    private Path file;
    private boolean none;

    LogDraft(List<String> warnings) {
        this.warnings = warnings;
    }

    void type(ConfLine line) {
        for (String type : line.text("debug, error, warning, notice, information, subscribe, unsubscribe,"
                + " websockets, none or all").split("\\s+")) {
            String mapped = switch (type) {
                case "debug", "all" -> "debug";
                case "notice", "information" -> "info";
                case "subscribe", "unsubscribe", "websockets" -> {
                    warnings.add(line.where() + "log_type '" + type + "' has no separate setting here: logged at info");
                    yield "info";
                }
                case "warning" -> "warn";
                case "error" -> "error";
                case "none" -> "off";
                default -> throw line.error("'log_type' expects debug, error, warning, notice, information, subscribe,"
                        + " unsubscribe, websockets, none or all, not '" + type + "'");
            };
            if (level == null || LEVELS.indexOf(mapped) < LEVELS.indexOf(level)) {
                level = mapped;
            }
        }
    }

    void destination(ConfLine line) {
        String value = line.text("stdout, stderr, syslog, topic, file <path>, dlt or none");
        String[] words = value.split("\\s+", 2);
        LogSettings.Destination d;
        Path f = null;
        switch (words[0]) {
            case "stdout" -> d = LogSettings.Destination.STDOUT;
            case "stderr" -> d = LogSettings.Destination.STDERR;
            case "file" -> {
                if (words.length < 2) {
                    throw line.error("'log_dest file' needs a file name");
                }
                d = LogSettings.Destination.FILE;
                f = Path.of(words[1]);
            }
            case "none" -> {
                none = true;
                return;
            }
            case "syslog", "topic", "dlt" -> {
                warnings.add(line.where() + "log_dest '" + words[0] + "' is not supported, ignored");
                return;
            }
            default -> throw line.error("'log_dest' expects stdout, stderr, syslog, topic, file <path>, dlt or none,"
                    + " not '" + value + "'");
        }
        if (destination != null) {
            warnings.add(line.where() + "only one log destination is supported: keeping the first, "
                    + (file != null ? "file " + file : destination.name().toLowerCase(java.util.Locale.ROOT)));
            return;
        }
        destination = d;
        file = f;
    }

    LogSettings build() {
        return new LogSettings(none ? "off" : level, destination == null ? LogSettings.Destination.STDERR : destination, file);
    }
}
