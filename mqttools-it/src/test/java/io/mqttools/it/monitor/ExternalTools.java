package io.mqttools.it.monitor;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Finds the external programs a test needs: missing ones fail the test under CI=true, else skip it. */
final class ExternalTools {
    private ExternalTools() {
    }

    /** The program's path: on the PATH, or at one of {@code fallbacks}. */
    static Path require(String name, String... fallbacks) {
        Optional<Path> found = find(name, fallbacks);
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not installed (Debian package; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static Optional<Path> find(String name, String... fallbacks) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (String fallback : fallbacks) {
            Path candidate = Path.of(fallback);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
