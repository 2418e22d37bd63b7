package io.mqttools.cli.passwd;

import io.mqttools.broker.security.PasswordHash;
import io.mqttools.broker.security.ScramCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The lines of a password file being edited: users are set, deleted or their plain-text passwords
 * hashed, every other line (comments, other users) stays as it was. Written back through a temporary
 * file in the same directory, moved into place, so that a broker reading it never sees half a file.
 */
final class PasswordFileEditor {
    private final Path file;
    private final List<String> lines;

    private PasswordFileEditor(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** An empty file, for {@code -c}: whatever was there is replaced. */
    static PasswordFileEditor create(Path file) {
        return new PasswordFileEditor(file, new ArrayList<>());
    }

    /** The file as it is; it must exist. */
    static PasswordFileEditor open(Path file) throws IOException {
        try {
            return new PasswordFileEditor(file, new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw new IOException("cannot open password file " + file + ": no such file (-c creates one)", e);
        }
    }

    /**
     * Sets the user's hash (or, in a SCRAM file, credential) as its text: its line is replaced (later
     * duplicates removed), or a line is added.
     */
    void set(String user, String encoded) {
        String line = user + ":" + encoded;
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            if (isUser(lines.get(i), user)) {
                if (done) {
                    lines.remove(i--);
                } else {
                    lines.set(i, line);
                    done = true;
                }
            }
        }
        if (!done) {
            lines.add(line);
        }
    }

    /** Removes the user's lines; false when there were none. */
    boolean delete(String user) {
        return lines.removeIf(line -> isUser(line, user));
    }

    /**
     * Replaces every plain-text {@code user:password} line by one with the password's hash; lines that
     * already hold a hash are left alone (mosquitto_passwd 2.0 would hash them again).
     *
     * @return how many lines were hashed
     * @throws IOException for a line that is not {@code user:password}, naming file and line
     */
    int hashPlainText(Function<String, String> hasher) throws IOException {
        int hashed = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException(file + ":" + (i + 1) + ": expected user:password");
            }
            String password = line.substring(colon + 1);
            if (isHash(password)) {
                continue;
            }
            lines.set(i, line.substring(0, colon) + ":" + hasher.apply(password));
            hashed++;
        }
        return hashed;
    }

    private static boolean isHash(String text) {
        try {
            PasswordHash.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            try {
                ScramCredential.parse(text);
                return true;
            } catch (IllegalArgumentException notScram) {
                return false;
            }
        }
    }

    private static boolean isUser(String line, String user) {
        return line.length() > user.length() && line.charAt(user.length()) == ':' && line.startsWith(user);
    }

    /**
     * The old file's permissions, or for a new one rw-r--r-- (what mosquitto_passwd leaves under umask 022):
     * a broker running as another user must read it. Nothing on a file system without POSIX permissions.
     */
    private void keepPermissions(Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                    : PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // the temporary file's default permissions stand
        }
    }

    /** Writes the lines back: a temporary file beside it, then moved over it. */
    void save() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append('\n');
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            keepPermissions(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
