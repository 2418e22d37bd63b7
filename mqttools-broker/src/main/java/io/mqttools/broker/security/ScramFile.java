package io.mqttools.broker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SCRAM-SHA-256 users of a {@code scram_file}: one {@code user:SCRAM-SHA-256$...} line per user
 * ({@link ScramCredential}), blank lines and lines starting with {@code #} skipped. Kept apart from the
 * mosquitto password file because a {@code $7$} hash cannot give SCRAM's keys and mosquitto refuses
 * lines it does not know. Immutable once loaded and thread-safe.
 */
public final class ScramFile {
    private final Map<String, ScramCredential> users;

    private ScramFile(Map<String, ScramCredential> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads a SCRAM file.
     *
     * @throws SecurityFileException when it cannot be read or a line is not {@code user:credential}
     *                               (the message names the file and line, never a key)
     */
    public static ScramFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecurityFileException(file, "cannot read SCRAM file: " + e, e);
        }
        Map<String, ScramCredential> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).endsWith("\r") ? lines.get(i).substring(0, lines.get(i).length() - 1) : lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new SecurityFileException(file, i + 1, "expected user:SCRAM-SHA-256$...");
            }
            String user = line.substring(0, colon);
            try {
                users.put(user, ScramCredential.parse(line.substring(colon + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new SecurityFileException(file, i + 1, "user " + user + ": " + e.getMessage());
            }
        }
        return new ScramFile(users);
    }

    /** The credential of {@code user}, or null when the file has no such user. */
    public ScramCredential credentialOf(String user) {
        return users.get(user);
    }

    public int size() {
        return users.size();
    }
}
