package io.mqttools.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** File helpers the tests share. */
public final class TestFiles {
    private TestFiles() {
    }

    /**
     * Makes a directory and its files readable by everyone: mosquitto started as root reads its password,
     * ACL and certificate files as its own user (test files only).
     */
    public static void readableByAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                        Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
