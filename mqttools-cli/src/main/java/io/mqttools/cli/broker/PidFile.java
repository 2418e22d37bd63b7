package io.mqttools.cli.broker;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code pid_file} of a configuration file: the broker's process id, written at start and removed at
 * exit, so that scripts can {@code kill -HUP "$(cat FILE)"}. mosquitto writes it only as a daemon and exits
 * when it cannot; the broker here runs in the foreground, so it writes it always and only warns when it
 * cannot (Debian's default file names /run/mosquitto, which may not exist for another user).
 */
final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /**
     * Writes this process's id to the file.
     *
     * @throws IOException when the file cannot be written
     */
    static PidFile write(Path path) throws IOException {
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        return new PidFile(path);
    }

    /**
     * Writes this process's id to the file, or warns on {@code err} that it cannot.
     *
     * @param conf the configuration file that names it, for the warning
     * @return the file written, or null
     */
    static PidFile write(Path conf, Path path, PrintWriter err) {
        try {
            return write(path);
        } catch (IOException e) {
            err.println("warning: " + conf + ": cannot write pid_file " + path + ": " + why(e));
            err.flush();
            return null;
        }
    }

    /** Why the file could not be written, in a few words. */
    private static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its directory does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }

    /** Removes the file, if it still holds this process's id. */
    void remove() {
        try {
            String content = Files.readString(path, StandardCharsets.US_ASCII).trim();
            if (content.equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException gone) {
            // removed or replaced meanwhile: nothing of ours to remove
        }
    }
}
