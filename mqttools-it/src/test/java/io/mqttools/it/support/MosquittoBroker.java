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
public final class MosquittoBroker implements TestBroker {
    private final ToolProcess process;
    private final int port;

    private MosquittoBroker(ToolProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static MosquittoBroker start() {
        try {
            Path config = Files.createTempFile("mosquitto-it", ".conf");
            config.toFile().deleteOnExit();
            return launch(config, "allow_anonymous true\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * mosquitto with these settings after its {@code listener} line, in a configuration file of its own in
     * {@code dir}; the directory's files are made readable by mosquitto's user first.
     */
    public static TestBroker start(Path dir, String settings) throws IOException {
        TestFiles.readableByAll(dir);
        return launch(Files.createTempFile(dir, "mosquitto-", ".conf"), settings);
    }

    private static MosquittoBroker launch(Path config, String settings) {
        Path mosquitto = ExternalTools.mosquitto();
        int port = FreePort.find();
        try {
            Files.writeString(config, "listener " + port + " 127.0.0.1\n" + settings);
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
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
