package io.mqttools.broker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of a mosquitto password file: one {@code user:hash} per line, the hash as mosquitto_passwd
 * writes it ({@link PasswordHash}). Blank lines and lines starting with {@code #} are skipped. Immutable
 * once loaded and thread-safe.
 */
public final class PasswordFile {
    private final Map<String, PasswordHash> users;

    private PasswordFile(Map<String, PasswordHash> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads a password file.
     *
     * @throws SecurityFileException when it cannot be read or a line is not {@code user:hash} with a
     *                               supported hash (the message names the file and line, never a hash)
     */
    public static PasswordFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecurityFileException(file, "cannot read password file: " + e, e);
        }
        Map<String, PasswordHash> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripCarriageReturn(lines.get(i));
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new SecurityFileException(file, i + 1, "expected user:hash");
            }
            String user = line.substring(0, colon);
            try {
                users.put(user, PasswordHash.parse(line.substring(colon + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new SecurityFileException(file, i + 1, "user " + user + ": " + e.getMessage());
            }
        }
        return new PasswordFile(users);
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** The hash of {@code user}, or null when the file has no such user. */
    public PasswordHash hashOf(String user) {
        return users.get(user);
    }

    public int size() {
        return users.size();
    }
}
