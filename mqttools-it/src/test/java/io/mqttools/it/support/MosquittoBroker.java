package io.mqttools.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** A mosquitto process on a free loopback port: the reference broker the tests can be checked against. */
final class MosquittoBroker implements TestBroker {
    private final ToolProcess process;
    private final int port;

    private MosquittoBroker(ToolProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static MosquittoBroker start() {
        Path mosquitto = ExternalTools.mosquitto();
        int port = FreePort.find();
        try {
            Path config = Files.createTempFile("mosquitto-it", ".conf");
            config.toFile().deleteOnExit();
            Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
            ToolProcess process = ToolProcess.start(List.of(mosquitto.toString(), "-c", config.toString()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port) || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto did not start: " + process.describe());
            }
            return new MosquittoBroker(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
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
