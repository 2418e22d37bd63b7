package io.mqttools.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs the integration tests drive. A missing tool aborts the test (reported as
 * skipped) on a developer machine, but fails it when {@code CI=true}, where {@code .ci/run} installs them.
 */
public final class ExternalTools {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ExternalTools() {
    }

    /** {@code mosquitto_pub} from the Debian package mosquitto-clients. */
    public static Path mosquittoPub() {
        return require("mosquitto_pub", "mosquitto-clients");
    }

    /** {@code mosquitto_sub} from the Debian package mosquitto-clients. */
    public static Path mosquittoSub() {
        return require("mosquitto_sub", "mosquitto-clients");
    }

    /** The {@code mosquitto} broker from the Debian package mosquitto. */
    public static Path mosquitto() {
        return require("mosquitto", "mosquitto");
    }

    /** {@code stdbuf} from coreutils, to make a child's standard output line-buffered. */
    public static Path stdbuf() {
        return require("stdbuf", "coreutils");
    }

    /** {@code node} (Debian package nodejs), for the browser tests that install MQTT.js with npm. */
    public static Path node() {
        return require("node", "nodejs");
    }

    /** {@code npm} (Debian package npm). */
    public static Path npm() {
        return require("npm", "npm");
    }

    /** The java launcher of the JVM running the tests. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * {@code /usr/bin/python3}, checked to import paho-mqtt (Debian package python3-paho-mqtt).
     *
     * @return the interpreter and the installed paho-mqtt version
     */
    public static PythonPaho pythonWithPaho() {
        if (!Files.isExecutable(PYTHON)) {
            missing(PYTHON + " not found; install the Debian package python3-paho-mqtt");
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import paho.mqtt; print(paho.mqtt.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing("paho-mqtt is not importable by " + PYTHON
                        + "; install the Debian package python3-paho-mqtt (" + out + ")");
            }
            return new PythonPaho(PYTHON, out);
        } catch (IOException e) {
            missing("cannot run " + PYTHON + ": " + e);
            throw new AssertionError("unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A Python interpreter known to import paho-mqtt, and that library's version. */
    public record PythonPaho(Path python, String pahoVersion) {
        /** paho-mqtt 2.x needs a callback API version in the Client constructor; 1.x has no such argument. */
        public boolean isVersion2OrLater() {
            return !pahoVersion.startsWith("1.");
        }
    }

    /**
     * Any program from a Debian package, looked up on the PATH, then in /usr/bin and /usr/sbin; a missing
     * one fails the test under CI=true and skips it otherwise.
     */
    public static Path program(String program, String debianPackage) {
        return require(program, debianPackage);
    }

    private static Path require(String program, String debianPackage) {
        List<Path> candidates = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir));
                }
            }
        }
        // mosquitto itself lives in /usr/sbin, often not on a user's PATH.
        candidates.add(Path.of("/usr/bin"));
        candidates.add(Path.of("/usr/sbin"));
        return find(program, debianPackage, candidates, System.getenv("CI"));
    }

    /**
     * The first executable {@code program} in {@code directories}; when there is none, fails if {@code ci} is
     * "true", else aborts the test.
     */
    static Path find(String program, String debianPackage, List<Path> directories, String ci) {
        for (Path dir : directories) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(program + " not found in " + directories + "; install the Debian package " + debianPackage, ci);
        throw new AssertionError("unreachable");
    }

    private static void missing(String message) {
        missing(message, System.getenv("CI"));
    }

    private static void missing(String message, String ci) {
        if ("true".equals(ci)) {
            fail(message + " (CI=true: external tools are required)");
        }
        Assumptions.abort(message + " (test skipped; with CI=true it fails)");
    }
}
