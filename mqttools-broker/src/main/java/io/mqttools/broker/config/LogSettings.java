package io.mqttools.broker.config;

import java.nio.file.Path;

/**
 * Where and how much the broker logs, from mosquitto's {@code log_type} and {@code log_dest}. The CLI
 * applies it (the broker library leaves logging to its host program).
 *
 * @param level       the slf4j level ({@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}),
 *                    or null when the file sets no {@code log_type}
 * @param destination where the log goes
 * @param file        the log file for {@link Destination#FILE}, else null
 */
public record LogSettings(String level, Destination destination, Path file) {
    /** The log destinations the broker can honour. */
    public enum Destination { STDERR, STDOUT, FILE }

    /** What a file without {@code log_type} or {@code log_dest} gets: the default level, on standard error. */
    public static final LogSettings DEFAULT = new LogSettings(null, Destination.STDERR, null);
}
