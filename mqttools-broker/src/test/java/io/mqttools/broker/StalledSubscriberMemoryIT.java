package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.broker.metrics.MetricsSnapshot;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12: a subscriber that stops reading entirely while publishers send QoS 0, 1 and 2 at full speed.
 * The broker's retained heap and direct memory stay within what its queue bounds allow, it keeps
 * serving other clients, and its counters show the drops and pauses.
 *
 * <p>{@code -Dmqttools.stall.queue=N} (default 1,000) and {@code -Dmqttools.stall.seconds=S} (default 3)
 * change the load, to measure other bounds; the assertion scales with the queue bound.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StalledSubscriberMemoryIT {
    /** Unacknowledged QoS 1/2 PUBLISHes each publisher keeps outstanding, below the broker's Receive Maximum. */
    private static final int WINDOW = 100;
    /** Heap per queued 1 KiB message, measured at about 1.3 KiB; asserted with room for the JVM's noise. */
    private static final long BYTES_PER_MESSAGE = 3 * 1024;
    private static final long SLACK = 16L << 20;

    @RepeatedTest(3)
    void stalledSubscriber_fullSpeedQos0Qos1Qos2_memoryBoundedBrokerStillServes() throws Exception {
        int queue = Integer.getInteger("mqttools.stall.queue", 1000);
        long seconds = Long.getLong("mqttools.stall.seconds", 3);
        Broker.Builder builder = Broker.builder().host("127.0.0.1").port(0).maxQueuedMessages(queue).maxQueuedBytes(0);
        // queued: QoS 0 up to twice the bound, QoS 1/2 the bound plus what paused publishers had sent
        long bound = 2L * queue + 3L * WINDOW;
        long allowed = (3L * queue + 3L * WINDOW + 256) * BYTES_PER_MESSAGE + SLACK;
        stall(builder, 1024, seconds, bound, allowed, 3L * queue);
    }

    /**
     * The byte bound ({@code max_queued_bytes}) holds where the message bound alone would not: with 16 KiB
     * payloads a queue of 10,000 messages is 160 MiB, but 1 MiB of queued payload pauses the publishers.
     */
    @RepeatedTest(2)
    void stalledSubscriber_16KiBPayloadsByteBound_queueHeldByBytesNotCount() throws Exception {
        int payload = 16 * 1024;
        long byteBound = 1L << 20;
        long seconds = Long.getLong("mqttools.stall.seconds", 3);
        Broker.Builder builder = Broker.builder().host("127.0.0.1").port(0).maxQueuedMessages(10_000).maxQueuedBytes(byteBound);
        // QoS 0 up to twice the byte bound, QoS 1/2 the bound plus what paused publishers had outstanding
        long bound = 2 * byteBound / payload + 3L * WINDOW;
        long allowed = (bound + 64) * (payload + BYTES_PER_MESSAGE) + SLACK;
        stall(builder, payload, seconds, bound, allowed, 3 * bound);
    }

    private static void stall(Broker.Builder builder, int payload, long seconds, long bound, long allowedHeap,
                              long mustSend) throws Exception {
        try (RunningBroker broker = builder.build().start()) {
            Socket small = new Socket();
            small.setReceiveBufferSize(4096);
            small.connect(new InetSocketAddress("127.0.0.1", broker.port()));
            try (RawClient stalled = new RawClient(small, ProtocolVersion.MQTT_5)) {
                stalled.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "stalled", true, 0, null, Properties.EMPTY));
                stalled.subscribe(1, "load/#", QoS.EXACTLY_ONCE);
                // from here on the stalled subscriber never reads again

                long baseline = retainedHeap();
                long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                // the publishers go on past the run's length until they have sent more than the bounds hold,
                // so a slow machine lengthens the run instead of failing it
                Load load = new Load(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), mustSend);
                List<Publisher> publishers = new ArrayList<>();
                for (QoS qos : QoS.values()) {
                    publishers.add(new Publisher(broker.port(), qos, payload, load));
                }
                for (Publisher p : publishers) {
                    p.start();
                }
                for (Publisher p : publishers) {
                    p.join(TimeUnit.SECONDS.toMillis(seconds + Load.MAX_EXTRA_SECONDS + 10));
                }
                long sent = publishers.stream().mapToLong(p -> p.sent.get()).sum();
                // QoS 0 past twice the bound is trimmed when the subscriber's event loop next drains
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.snapshot().store().queued() <= bound);

                long retained = retainedHeap() - baseline;
                long direct = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore;
                MetricsSnapshot snapshot = broker.snapshot();
                System.out.printf("stalled subscriber, %d B payloads, %d s: %d PUBLISHes sent (%s), retained heap %,d B,"
                                + " pooled direct %,d B, queued %d, in flight %d, dropped %d, paused %d, QoS 0 stalls ended %d%n",
                        payload, seconds, sent, publishers.stream().map(p -> p.qos + "=" + p.sent.get()).toList(), retained,
                        direct, snapshot.store().queued(), snapshot.store().inflight(), broker.metrics().droppedQueueFull(),
                        broker.metrics().publishersPaused(), broker.metrics().qos0StallsEnded());

                // far more was sent than the bounds allow to keep: the bounds, not the test's length, decide
                assertThat(sent).isGreaterThan(mustSend);
                assertThat(broker.metrics().droppedQueueFull()).isPositive();      // QoS 0 past twice the bound
                assertThat(broker.metrics().publishersPaused()).isPositive();      // QoS 1/2 paused, not dropped
                assertThat(snapshot.store().queued()).isLessThanOrEqualTo(bound);
                assertThat(retained).as("retained heap, allowed %,d B", allowedHeap).isLessThan(allowedHeap);
                assertThat(direct).as("pooled direct memory").isLessThan(64L << 20);

                assertStillServes(broker.port());
            }
        }
    }

    /** Another client subscribes, publishes QoS 1 to itself and gets the message and its PUBACK. */
    private static void assertStillServes(int port) throws IOException {
        try (RawClient other = RawClient.connected(port, ProtocolVersion.MQTT_5, "other", true, Properties.EMPTY)) {
            other.subscribe(1, "check", QoS.AT_LEAST_ONCE);
            other.send(new Publish("check", QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8("alive"), Properties.EMPTY));
            boolean acked = false;
            String received = null;
            while (!acked || received == null) {
                Packet p = other.read();
                if (p instanceof PubAck ack) {
                    assertThat(ack.packetId()).isEqualTo(7);
                    acked = true;
                } else if (p instanceof Publish m) {
                    received = m.payload().asUtf8();
                    other.send(new PubAck(m.packetId()));
                }
            }
            assertThat(received).isEqualTo("alive");
            other.assertNothingPending();
        }
    }

    private static long retainedHeap() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc(); // the test measures what survives a collection; nothing to wait on instead
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** How long the publishers go on: the run's length, and longer (at most 30 s) until enough was sent. */
    private static final class Load {
        static final long MAX_EXTRA_SECONDS = 30;
        final AtomicLong sent = new AtomicLong();
        private final long deadline;
        private final long hardDeadline;
        private final long target;

        Load(long deadline, long mustSend) {
            this.deadline = deadline;
            this.hardDeadline = deadline + TimeUnit.SECONDS.toNanos(MAX_EXTRA_SECONDS);
            this.target = mustSend + mustSend / 2;
        }

        boolean goOn() {
            long now = System.nanoTime();
            return now < deadline || (now < hardDeadline && sent.get() < target);
        }
    }

    /** Publishes at one QoS as fast as the broker lets it until the deadline, answering PUBREC with PUBREL. */
    private static final class Publisher {
        final QoS qos;
        final AtomicLong sent = new AtomicLong();
        private final int payloadSize;
        private final RawClient client;
        private final Load load;
        private final Semaphore window = new Semaphore(WINDOW);
        private final Thread writer;
        private final Thread reader;
        private volatile boolean done;

        Publisher(int port, QoS qos, int payloadSize, Load load) throws IOException {
            this.qos = qos;
            this.payloadSize = payloadSize;
            this.load = load;
            this.client = RawClient.connected(port, ProtocolVersion.MQTT_5, "pub-" + qos, true, Properties.EMPTY);
            this.writer = new Thread(this::write, "publisher-" + qos);
            this.reader = new Thread(this::read, "acks-" + qos);
        }

        void start() {
            writer.start();
            if (qos != QoS.AT_MOST_ONCE) {
                reader.start();
            }
        }

        void join(long millis) throws InterruptedException, IOException {
            writer.join(millis);
            done = true;
            client.close(); // ends the reader, and a write blocked by a paused broker
            reader.join(millis);
        }

        private void write() {
            byte[] payload = new byte[payloadSize];
            String topic = "load/" + qos.value();
            int packetId = 0;
            try {
                while (load.goOn()) {
                    if (qos == QoS.AT_MOST_ONCE) {
                        client.send(Publish.of(topic, Bytes.wrap(payload)));
                    } else {
                        if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                            continue; // paused: acknowledgements withheld
                        }
                        packetId = packetId % 65_535 + 1;
                        Publish publish = new Publish(topic, qos, false, false, packetId, Bytes.wrap(payload), Properties.EMPTY);
                        synchronized (client) {
                            client.send(publish);
                        }
                    }
                    sent.incrementAndGet();
                    load.sent.incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                if (!done) {
                    throw new AssertionError(qos + " publisher failed after " + sent.get() + " messages", e);
                }
            }
        }

        private void read() {
            try {
                while (!done) {
                    Packet p;
                    try {
                        p = client.read();
                    } catch (java.net.SocketTimeoutException paused) {
                        continue;
                    }
                    if (p instanceof PubAck || p instanceof PubComp) {
                        window.release();
                    } else if (p instanceof PubRec rec) {
                        synchronized (client) {
                            client.send(new PubRel(rec.packetId()));
                        }
                    }
                }
            } catch (IOException e) {
                if (!done) {
                    throw new AssertionError(qos + " publisher's acknowledgements failed", e);
                }
            }
        }
    }
}
