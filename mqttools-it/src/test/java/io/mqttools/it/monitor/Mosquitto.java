package io.mqttools.it.monitor;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A mosquitto broker process on 127.0.0.1 and a free port, with a generated configuration; restartable. */
final class Mosquitto implements TestBroker {
    private final Path executable;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private Mosquitto(Path executable, Path directory, int port) throws IOException {
        this.executable = executable;
        this.port = port;
        this.config = directory.resolve("mosquitto.conf");
        this.log = directory.resolve("mosquitto.log");
        // No queue limit: mosquitto's default (1000) drops QoS 1 messages to a subscriber that a burst outpaces,
        // and the tests count every message.
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n");
    }

    static Mosquitto start(Path executable, Path directory) throws IOException {
        Mosquitto m = prepare(executable, directory);
        m.start();
        return m;
    }

    /** A broker on a free port, configured but not started. */
    static Mosquitto prepare(Path executable, Path directory) throws IOException {
        return new Mosquitto(executable, directory, freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start() throws IOException {
        process = new ProcessBuilder(executable.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("mosquitto accepting on port " + port).atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(this::accepts);
    }

    /** Stops the broker and waits until it is gone. */
    @Override
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: " + log());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String log() {
        if (!Files.exists(log)) {
            return "(not started)";
        }
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
