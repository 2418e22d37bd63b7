package io.mqttools.broker.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a mosquitto.conf(5) file into a {@link ConfigFile}: one directive per line, its value the rest of
 * the line; lines whose first non-blank character is {@code #} are comments; {@code include_dir} reads the
 * {@code *.conf} files of a directory in mosquitto's order. Supported directives go into the configuration,
 * other mosquitto directives give a warning, anything else is an error naming the file and line.
 * docs/configuration.md lists every directive.
 */
public final class MosquittoConf {
    /** mosquitto's order: case-insensitive, and an upper-case letter before the same letter in lower case. */
    static final Comparator<String> INCLUDE_ORDER =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final ConfDraft draft = new ConfDraft();

    private MosquittoConf() {
    }

    /**
     * Reads {@code file} and the files it includes.
     *
     * @throws ConfigFileException for a missing or unreadable file, an unknown directive or a bad value
     */
    public static ConfigFile read(Path file) {
        MosquittoConf conf = new MosquittoConf();
        conf.readFile(file, true);
        return conf.draft.build(file);
    }

    private void readFile(Path file, boolean main) {
        if (Files.isDirectory(file)) {
            throw new ConfigFileException(file + " is a directory, not a configuration file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigFileException("configuration file " + file
                    + (Files.exists(file) ? " is not readable" : " does not exist"));
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ConfigFileException("configuration file " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigFileException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int space = indexOfWhitespace(text);
            String directive = space < 0 ? text : text.substring(0, space);
            String value = space < 0 ? "" : text.substring(space + 1).strip();
            ConfLine line = new ConfLine(file, i + 1, directive, value);
            if (directive.equals("include_dir")) {
                include(line, main);
            } else {
                draft.apply(line);
            }
        }
    }

    private void include(ConfLine line, boolean main) {
        if (!main) {
            throw line.error("include_dir is only allowed in the main configuration file");
        }
        Path dir = line.readableDirectory();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".conf") && !Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), INCLUDE_ORDER))
                    .toList();
        } catch (IOException e) {
            throw line.error("cannot list include_dir " + dir + ": " + e.getMessage());
        }
        for (Path f : files) {
            readFile(f, false);
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
