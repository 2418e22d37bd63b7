package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.fail;

import io.mqttools.it.support.ExternalTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the client tests need from outside: programs (via ExternalTools), free ports, the CLI jar. */
final class Tools {
    private Tools() {
    }

    /** A program from Debian's mosquitto, mosquitto-clients or openssl packages (see ExternalTools). */
    static Path onPath(String name) {
        return ExternalTools.program(name, name.equals("openssl") ? "openssl" : "mosquitto or mosquitto-clients");
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
