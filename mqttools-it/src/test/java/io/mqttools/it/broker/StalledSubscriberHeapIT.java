package io.mqttools.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.ToolProcess;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, the bound proved without timing: {@code java -Xmx64m -jar mqttools.jar broker} at its default
 * queue bounds, a subscriber that never reads, and QoS 0, 1 and 2 publishers at full speed until three
 * times the heap limit has been sent. The broker must survive (no OutOfMemoryError) and still serve.
 * It runs with 1 KiB payloads (held by the message bound) and 16 KiB payloads (10,000 of which would not
 * fit: held by the 8 MiB byte bound, {@code max_queued_bytes}).
 * {@code -Dmqttools.stall.payload=N} runs one payload size instead,
 * {@code -Dmqttools.stall.queue=N} passes {@code --max-queued-messages N}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StalledSubscriberHeapIT {
    private static final long HEAP_LIMIT = 64L << 20;
    private static final int WINDOW = 100;

    static IntStream payloads() {
        Integer one = Integer.getInteger("mqttools.stall.payload");
        return one != null ? IntStream.of(one) : IntStream.of(1024, 16 * 1024);
    }

    @ParameterizedTest(name = "{0} B payloads")
    @MethodSource("payloads")
    void xmx64m_stalledSubscriber_fullSpeedPublishers_brokerSurvivesAndServes(int payload) throws Exception {
        String queue = System.getProperty("mqttools.stall.queue"); // --max-queued-messages, default the broker's
        int port = FreePort.find();
        List<String> command = new ArrayList<>(List.of(ExternalTools.java().toString(), "-Xmx64m",
                "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError", "-jar", cliJar().toString(),
                "broker", "--host", "127.0.0.1", "--port", Integer.toString(port), "--log-level", "warn"));
        if (queue != null) {
            command.addAll(List.of("--max-queued-messages", queue));
        }
        try (ToolProcess broker = ToolProcess.start(command)) {
            awaitListening(port, broker);
            Socket stalled = new Socket();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            try (stalled) {
                handshake(stalled, "stalled");
                OutputStream out = stalled.getOutputStream();
                byte[] filter = "load/#".getBytes(StandardCharsets.UTF_8);
                out.write(new byte[] {(byte) 0x82, (byte) (2 + 2 + filter.length + 1), 0, 1, 0, (byte) filter.length});
                out.write(filter);
                out.write(2);
                out.flush();
                byte[] subAck = new byte[5];
                new DataInputStream(stalled.getInputStream()).readFully(subAck);
                assertThat(subAck[0] & 0xFF).isEqualTo(0x90);
                // never read again

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long target = 3 * HEAP_LIMIT;
                AtomicLong bytes = new AtomicLong();
                List<Publisher> publishers = new ArrayList<>();
                for (int qos = 0; qos <= 2; qos++) {
                    publishers.add(new Publisher(port, qos, payload, bytes, target, deadline));
                }
                for (Publisher p : publishers) {
                    p.thread.start();
                }
                for (Publisher p : publishers) {
                    p.thread.join(TimeUnit.SECONDS.toMillis(70));
                    p.close();
                }
                System.out.printf("-Xmx64m, payload %d B, queue %s: %,d bytes sent (%s)%n", payload,
                        queue == null ? "default" : queue, bytes.get(),
                        publishers.stream().map(p -> "QoS " + p.qos + "=" + p.sent.get()).toList());
                assertThat(broker.isAlive()).as("broker alive: %s", broker.describe()).isTrue();
                assertThat(bytes.get()).as("sent three times the heap limit within 60 s").isGreaterThanOrEqualTo(target);
                assertStillServes(port);
                assertThat(broker.isAlive()).isTrue();
                assertThat(String.join("\n", broker.stdout()) + String.join("\n", broker.stderr()))
                        .doesNotContain("OutOfMemoryError");
            }
        }
    }

    private static void assertStillServes(int port) throws Exception {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("other")
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("check").qos(MqttQos.AT_LEAST_ONCE).send();
            client.publishWith().topic("check").qos(MqttQos.AT_LEAST_ONCE).payload("alive".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt5Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no message"));
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("alive");
        } finally {
            client.disconnect();
        }
    }

    private static void awaitListening(int port, ToolProcess broker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!broker.isAlive()) {
                    fail("broker exited: " + broker.describe());
                }
                Thread.sleep(100); // a process we do not control: nothing to wait on but its port
            }
        }
        fail("broker not listening within 30 s: " + broker.describe());
    }

    /** MQTT 3.1.1 CONNECT (clean session, no keep alive), then the CONNACK. */
    static void handshake(Socket socket, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {0x10, (byte) (12 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0, 0,
                (byte) id.length});
        out.write(id);
        out.flush();
        byte[] connAck = new byte[4];
        new DataInputStream(socket.getInputStream()).readFully(connAck);
        assertThat(connAck).containsExactly(0x20, 2, 0, 0);
    }

    private static Path cliJar() {
        String property = System.getProperty("mqttools.jar");
        if (property == null) {
            fail("system property mqttools.jar is not set: run this test through Maven failsafe (mqttools-it/pom.xml)");
        }
        Path jar = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: build it with the reactor (./mvnw -pl mqttools-it -am verify)");
        }
        return jar;
    }

    /** One publisher at one QoS on raw 3.1.1 bytes; QoS 1/2 keep at most {@link #WINDOW} unacknowledged. */
    private static final class Publisher {
        final int qos;
        final AtomicLong sent = new AtomicLong();
        final Thread thread;
        private final Socket socket;
        private final Semaphore window = new Semaphore(WINDOW);
        private volatile boolean done;

        Publisher(int port, int qos, int payload, AtomicLong bytes, long target, long deadline) throws IOException {
            this.qos = qos;
            this.socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            handshake(socket, "pub" + qos);
            if (qos > 0) {
                Thread acks = new Thread(this::readAcks, "acks-" + qos);
                acks.setDaemon(true);
                acks.start();
            }
            this.thread = new Thread(() -> write(payload, bytes, target, deadline), "publisher-" + qos);
        }

        private void write(int payloadSize, AtomicLong bytes, long target, long deadline) {
            byte[] topic = ("load/" + qos).getBytes(StandardCharsets.UTF_8);
            int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payloadSize;
            java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
            packet.write(0x30 | qos << 1);
            for (int x = remaining; ; ) {
                int digit = x % 128;
                x /= 128;
                packet.write(x > 0 ? digit | 0x80 : digit);
                if (x == 0) {
                    break;
                }
            }
            packet.write(0);
            packet.write(topic.length);
            packet.writeBytes(topic);
            int idAt = packet.size();
            if (qos > 0) {
                packet.write(0);
                packet.write(0);
            }
            packet.writeBytes(new byte[payloadSize]);
            byte[] bytesOut = packet.toByteArray();
            int packetId = 0;
            try {
                OutputStream out = socket.getOutputStream();
                while (bytes.get() < target && System.nanoTime() < deadline) {
                    if (qos > 0) {
                        if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                            continue; // paused: acknowledgements withheld
                        }
                        packetId = packetId % 65_535 + 1;
                        bytesOut[idAt] = (byte) (packetId >> 8);
                        bytesOut[idAt + 1] = (byte) packetId;
                    }
                    synchronized (this) {
                        out.write(bytesOut);
                    }
                    sent.incrementAndGet();
                    bytes.addAndGet(bytesOut.length);
                }
            } catch (IOException | InterruptedException e) {
                if (!done) {
                    throw new AssertionError("QoS " + qos + " publisher failed after " + sent.get(), e);
                }
            }
        }

        /** PUBACK, PUBREC (answered with PUBREL) and PUBCOMP are all four bytes in 3.1.1. */
        private void readAcks() {
            byte[] ack = new byte[4];
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                while (!done) {
                    in.readFully(ack);
                    int type = (ack[0] & 0xFF) >> 4;
                    if (type == 4 || type == 7) {
                        window.release();
                    } else if (type == 5) {
                        synchronized (this) {
                            socket.getOutputStream().write(new byte[] {0x62, 2, ack[2], ack[3]});
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        }

        void close() throws IOException {
            done = true;
            socket.close();
        }
    }
}
