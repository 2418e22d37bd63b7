package io.mqttools.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.ToolProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqttools broker --data-dir} as a process, killed with SIGKILL at random points while a Paho
 * publisher streams QoS 1 and QoS 2 messages to a persistent subscriber session, then started again on
 * the same directory; 20 times. Then exact accounting: every message whose PUBACK (QoS 1) or PUBCOMP
 * (QoS 2) the publisher saw reached the subscriber at least once (QoS 1) or exactly once (QoS 2), and no
 * QoS 2 message, acknowledged or not, was handed on twice. Beside Paho, a publisher with a persistent
 * session ({@link CrashQos2Publisher}) streams QoS 2 and re-sends its unfinished exchanges after each
 * restart, so the broker's memory of QoS 2 ids awaiting PUBREL is tested across the kills too.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {
    private static final int ITERATIONS = 20;
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    /** The brokers' XDG cache directory, where RocksDB's native library is kept once. */
    @TempDir
    Path cacheHome;
    /** The brokers' java.io.tmpdir: RocksDB's own loader would leave a library there at every kill. */
    @TempDir
    Path tmpDir;

    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void killNine_duringQos1AndQos2Stream_everyAcknowledgedMessageDelivered_qos2NeverTwice() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        CrashSubscriber subscriber = new CrashSubscriber("crash-sub");
        CrashQos2Publisher durable = new CrashQos2Publisher("crash-pub-durable");
        int sent = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            int port = FreePort.find();
            try (ToolProcess broker = startBroker(port)) {
                subscriber.connect(port, i == 0);
                durable.connect(port);
                Thread durableStream = new Thread(() -> streamDurable(durable, broker), "durable-stream");
                durableStream.start();
                int killAfter = 20 + random.nextInt(400); // a random point in the stream
                sent += stream(port, killAfter, broker);
                durableStream.join(30_000);
                subscriber.disconnect();
                durable.disconnect();
            }
        }
        int port = FreePort.find();
        try (ToolProcess broker = startBroker(port)) {
            subscriber.connect(port, false);
            durable.connect(port); // its unfinished exchanges are completed now
            await().atMost(Duration.ofSeconds(60)).until(durable::idle);
            // markers published now come after everything queued before on their topics
            MqttAsyncClient publisher = connectPublisher(port, "crash-pub-final");
            publisher.publish("crash/q1", "end-q1".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            publisher.publish("crash/q2", "end-q2".getBytes(StandardCharsets.UTF_8), 2, false).waitForCompletion(10_000);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> subscriber.times("end-q1") > 0 && subscriber.times("end-q2") > 0);
            publisher.disconnect().waitForCompletion(10_000);
            publisher.close();
            subscriber.disconnect();
            durable.disconnect();
            assertThat(broker.isAlive()).isTrue();
        }
        acked.addAll(durable.acked);
        List<String> lost = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (String payload : acked) {
            if (subscriber.times(payload) == 0) {
                lost.add(payload);
            }
        }
        subscriber.received.forEach((payload, n) -> {
            if ((payload.startsWith("q2-") || payload.startsWith("d-")) && n.get() > 1) {
                twice.add(payload + " x" + n.get());
            }
        });
        String run = "seed " + seed + ", " + sent + " published by Paho, " + durable.acked.size()
                + " QoS 2 acknowledged to the persistent publisher, " + acked.size() + " acknowledged in all";
        System.out.println("CrashRecoveryIT: " + ITERATIONS + " kills, " + run + ", " + subscriber.received.size()
                + " distinct payloads received");
        assertThat(acked).as(run).hasSizeGreaterThan(ITERATIONS * 10);
        assertThat(durable.acked).as(run).hasSizeGreaterThan(ITERATIONS);
        assertThat(lost).as("acknowledged but never delivered (%s)", run).isEmpty();
        assertThat(twice).as("QoS 2 delivered more than once (%s)", run).isEmpty();
        try (Stream<Path> left = Files.list(tmpDir)) {
            assertThat(left).as("files the killed brokers left in java.io.tmpdir").isEmpty();
        }
        try (Stream<Path> cached = Files.list(cacheHome.resolve("mqttools"))) {
            assertThat(cached).as("copies of RocksDB's library in the cache").hasSize(1);
        }
    }

    /** Publishes QoS 2 from the persistent-session publisher until the broker is gone. */
    private void streamDurable(CrashQos2Publisher durable, ToolProcess broker) {
        try {
            while (broker.isAlive()) {
                durable.publish("d-" + sequence.incrementAndGet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ToolProcess startBroker(int port) {
        ToolProcess broker = ToolProcess.start(List.of(ExternalTools.java().toString(), "-Djava.io.tmpdir=" + tmpDir,
                "-jar", cliJar().toString(), "broker", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--log-level", "warn"), null, Map.of("XDG_CACHE_HOME", cacheHome.toString()));
        await().atMost(STARTUP).until(() -> canConnect(port) || !broker.isAlive());
        if (!broker.isAlive()) {
            fail("broker did not start: " + broker.describe());
        }
        return broker;
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Publishes QoS 1 and QoS 2 messages alternately, up to 64 in flight, and kills the broker once
     * {@code killAfter} have been handed to the client library; returns how many were published.
     */
    private int stream(int port, int killAfter, ToolProcess broker) throws Exception {
        MqttAsyncClient publisher = connectPublisher(port, "crash-pub");
        Semaphore window = new Semaphore(64);
        CountDownLatch killPoint = new CountDownLatch(killAfter);
        int published = 0;
        Thread killer = new Thread(() -> {
            try {
                killPoint.await();
            } catch (InterruptedException e) {
                return;
            }
            broker.kill();
        }, "killer");
        killer.start();
        try {
            while (broker.isAlive() && publisher.isConnected()) {
                if (!window.tryAcquire(5, TimeUnit.SECONDS)) {
                    break;
                }
                int n = sequence.incrementAndGet();
                int qos = n % 2 == 0 ? 2 : 1;
                String payload = "q" + qos + "-" + n;
                try {
                    publisher.publish("crash/q" + qos, payload.getBytes(StandardCharsets.UTF_8), qos, false, null,
                            new IMqttActionListener() {
                                @Override
                                public void onSuccess(IMqttToken token) {
                                    acked.add(payload); // PUBACK, or PUBCOMP for QoS 2
                                    window.release();
                                }

                                @Override
                                public void onFailure(IMqttToken token, Throwable cause) {
                                    window.release();
                                }
                            });
                    published++;
                    killPoint.countDown();
                } catch (MqttException e) {
                    window.release();
                    break; // the broker is gone
                }
            }
        } finally {
            killPoint.countDown();
            while (killPoint.getCount() > 0) {
                killPoint.countDown();
            }
            killer.join(20_000);
            try {
                publisher.disconnectForcibly(0, 0, false);
            } catch (MqttException ignored) {
                // already disconnected
            }
            publisher.close(true);
        }
        return published;
    }

    private static MqttAsyncClient connectPublisher(int port, String id) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(100);
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        return client;
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
}
