package io.mqttools.it.client;

import io.mqttools.it.support.ExternalTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** mosquitto (the Debian package) as a child process on a free port with a generated configuration. */
final class MosquittoBroker implements BrokerUnderTest {
    private final Path mosquitto;
    private final int port;
    private final Path config;
    private final Path log;
    private Process process;

    MosquittoBroker() {
        this("allow_anonymous true\n");
    }

    /** With these configuration lines after the listener line (they apply to it). */
    MosquittoBroker(String listenerConfig) {
        this.mosquitto = ExternalTools.mosquitto();
        this.port = Tools.freePort();
        try {
            Path dir = Files.createTempDirectory("mosquitto-it");
            config = dir.resolve("mosquitto.conf");
            log = dir.resolve("mosquitto.log");
            // No queue limit: mosquitto otherwise drops QoS 1/2 messages for a subscriber more than 1000 behind.
            Files.writeString(config, "max_queued_messages 0\nlog_type all\nlistener " + port + " 127.0.0.1\n" + listenerConfig);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        start();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start() {
        try {
            process = new ProcessBuilder(mosquitto.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start mosquitto", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::accepts);
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: " + readLog());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "mosquitto";
    }
}
