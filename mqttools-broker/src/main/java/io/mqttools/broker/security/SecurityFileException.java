package io.mqttools.broker.security;

import java.nio.file.Path;

/** A password or ACL file that cannot be used; the message names the file and, where there is one, the line. */
public final class SecurityFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SecurityFileException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    SecurityFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
