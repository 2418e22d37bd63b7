package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** External tools the client tests drive: skipped when missing locally, a failure when missing and CI=true. */
final class Tools {
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private Tools() {
    }

    static void require(Path executable) {
        if (Files.isExecutable(executable)) {
            return;
        }
        String message = executable + " is not installed (Debian packages mosquitto, mosquitto-clients)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        require(Path.of("/usr/bin", name));
        return Path.of("/usr/bin", name);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shaded CLI jar, as the failsafe configuration passes it. */
    static Path cliJar() {
        Path jar = Path.of(System.getProperty("mqttools.jar", "../mqttools-cli/target/mqttools.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("the CLI jar " + jar + " is missing: run the reactor's package phase first");
        }
        return jar;
    }
}
