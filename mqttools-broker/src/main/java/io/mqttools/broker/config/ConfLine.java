package io.mqttools.broker.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One directive of a configuration file, where it was read, and the checks of its value, whose
 * failures name the file and line and say what was expected.
 *
 * @param file      the file as it was given (or found by {@code include_dir})
 * @param number    the line number, from 1
 * @param directive the first word
 * @param value     the rest of the line, trimmed; empty when there is none
 */
record ConfLine(Path file, int number, String directive, String value) {
    /** {@code file:line: }, the prefix of every message about this line. */
    String where() {
        return file + ":" + number + ": ";
    }

    ConfigFileException error(String message) {
        return new ConfigFileException(where() + message);
    }

    /** The value, which must not be empty. */
    String text(String expected) {
        if (value.isEmpty()) {
            throw error("'" + directive + "' needs a value: " + expected);
        }
        return value;
    }

    /** mosquitto's booleans: {@code true} or {@code false}. */
    boolean bool() {
        String v = text("true or false");
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw error("'" + directive + "' expects true or false, not '" + v + "'");
    }

    /** A decimal integer in {@code min..max}; {@code expected} describes it for the error. */
    long integer(long min, long max, String expected) {
        String v = text(expected);
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with what was expected
        }
        throw error("'" + directive + "' expects " + expected + ", not '" + v + "'");
    }

    /**
     * A mosquitto duration in seconds: a whole number followed by {@code h}, {@code d}, {@code w}, {@code m}
     * (a month of 30 days) or {@code y} (365 days), as {@code persistent_client_expiration} takes it.
     */
    long duration() {
        String v = text("a duration such as 12h, 2d, 1w, 6m or 1y");
        long unit = v.isEmpty() ? 0 : switch (v.charAt(v.length() - 1)) {
            case 'h' -> 3_600;
            case 'd' -> 86_400;
            case 'w' -> 7 * 86_400;
            case 'm' -> 30 * 86_400;
            case 'y' -> 365 * 86_400;
            default -> 0;
        };
        try {
            long n = unit == 0 ? -1 : Long.parseLong(v.substring(0, v.length() - 1));
            if (n > 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below with what was expected
        }
        throw error("'" + directive + "' expects a positive whole number followed by h, d, w, m (months) or y,"
                + " such as 2d, not '" + v + "'");
    }

    /** A path to a file that exists and is readable. */
    Path readableFile() {
        Path p = Path.of(text("a file name"));
        if (!Files.exists(p)) {
            throw error(directive + " " + p + " does not exist");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw error(directive + " " + p + " is not a readable file");
        }
        return p;
    }

    /** A path to a directory that exists and is readable. */
    Path readableDirectory() {
        Path p = Path.of(text("a directory"));
        if (!Files.isDirectory(p) || !Files.isReadable(p)) {
            throw error(directive + " " + p + " is not a readable directory");
        }
        return p;
    }
}
