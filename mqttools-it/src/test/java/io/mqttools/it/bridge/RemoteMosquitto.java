package io.mqttools.it.bridge;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The remote end of a bridge: a mosquitto process with a configuration of the test's own, on a port that
 * stays the same across {@link #stop()} and {@link #start()}, so that the bridge can reconnect to it.
 */
final class RemoteMosquitto implements TestBroker {
    private final Path config;
    private final int port;
    private ToolProcess process;

    /** @param extra configuration lines after {@code listener PORT 127.0.0.1} */
    RemoteMosquitto(Path dir, String extra) {
        this.port = FreePort.find();
        try {
            // mosquitto started as root drops to its own user, which must still read (and write) the test's files
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            config = Files.writeString(dir.resolve("remote-" + port + ".conf"),
                    "listener " + port + " 127.0.0.1\n" + extra);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    void start() {
        Path mosquitto = ExternalTools.mosquitto();
        process = ToolProcess.start(List.of(mosquitto.toString(), "-c", config.toString()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto did not start: " + process.describe());
        }
    }

    /** SIGTERM, as a service stop: mosquitto saves its persistence file and exits. */
    void stop() {
        process.signal("TERM");
        process.awaitExit(Duration.ofSeconds(10));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String log() {
        return process.describe();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean isMqttools() {
        return false;
    }

    @Override
    public void close() {
        process.close();
    }
}
