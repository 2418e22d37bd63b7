package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketDecoder;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzing a running broker over sockets (issue 12): many connections, each a CONNECT and a stream of
 * packets of every kind, a share of them mutated ({@link PacketMutator}). For every connection the
 * broker must either answer a closing PINGREQ or have closed the connection, must close it once the
 * client half-closes (no connection left hanging), and must send only packets that decode. Afterwards
 * no connection is left open, no buffer has leaked (the test JVM runs Netty's paranoid leak detector)
 * and the broker still routes a message.
 *
 * <p>The CI run sends {@code mqttools.fuzz.packets} packets (30,000 by default); a long run:
 * {@code ./mvnw -pl mqttools-broker verify -Dit.test=FuzzIT -Dmqttools.fuzz.packets=1000000}. A failure
 * names the seed of its connection: {@code -Dmqttools.fuzz.seed=N} replays the run.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class FuzzIT {
    private static final long PACKETS = Long.getLong("mqttools.fuzz.packets", 30_000);
    private static final long SEED = Long.getLong("mqttools.fuzz.seed", System.nanoTime());
    private static final int THREADS = 6;
    /** How long a PINGRESP may take; a stream that ends inside a packet gets none, and the half-close ends it. */
    private static final int ANSWER_MILLIS = 300;
    /** How long the broker may take to close after the client half-closed. */
    private static final int CLOSE_MILLIS = 5_000;

    @Test
    void mutatedPacketStreams_everyConnectionAnsweredOrClosed_noLeakNoHang() throws Exception {
        LeakWatch leaks = LeakWatch.install();
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).maxPacketSize(16 * 1024)
                .receiveMaximum(10).maxQueuedMessages(100).build().start()) {
            AtomicLong sent = new AtomicLong();
            AtomicLong sessions = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    while (sent.get() < PACKETS && failures.size() < 5) {
                        long n = sessions.getAndIncrement();
                        long seed = SEED + n;
                        try {
                            sent.addAndGet(session(broker.port(), seed, n));
                        } catch (Exception | AssertionError e) {
                            failures.add("seed " + seed + " (run seed " + SEED + "): " + e);
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            pool.shutdown();
            assertThat(failures).as("connections the broker neither answered nor closed").isEmpty();
            System.out.printf("FuzzIT: %,d packets on %,d connections (PINGRESP %,d, closed by the broker %,d, "
                    + "silent until half-closed %,d), seed %d%n", sent.get(), sessions.get(), OUTCOMES[0].sum(),
                    OUTCOMES[1].sum(), OUTCOMES[2].sum(), SEED);
            // the stream exercises both paths: connections that live through their packets and ones refused
            assertThat(OUTCOMES[0].sum()).isPositive();
            assertThat(OUTCOMES[1].sum()).isPositive();

            await().atMost(Duration.ofSeconds(20)).until(() -> broker.connectionCount() == 0);
            stillRoutes(broker.port());
        }
        leaks.assertNoLeak();
    }

    /** One connection; returns how many packets it sent. */
    private static long session(int port, long seed, long n) throws IOException {
        PacketMutator mutator = new PacketMutator(seed);
        ProtocolVersion v = mutator.version();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CLOSE_MILLIS);
            socket.setSoTimeout(ANSWER_MILLIS);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            byte[] connect = mutator.connect(v, "fuzz-" + (n % 64), 0.2); // shared ids: takeovers too
            stream.writeBytes(connect);
            long packets = 1 + (long) (Math.abs(seed) % 20);
            for (long i = 1; i < packets; i++) {
                stream.writeBytes(mutator.next(v, 0.15));
            }
            stream.writeBytes(new byte[] {(byte) 0xC0, 0}); // PINGREQ
            try {
                out.write(stream.toByteArray());
                out.flush();
            } catch (SocketException closedByBroker) {
                return packets; // it may have closed already: what it sent is still checked below
            }
            InputStream in = socket.getInputStream();
            Ending ending = readUntilPingRespOrEnd(in, v);
            OUTCOMES[ending.ordinal()].increment();
            if (ending != Ending.CLOSED) {
                socket.setSoTimeout(CLOSE_MILLIS);
                try {
                    socket.shutdownOutput();
                } catch (SocketException alreadyClosed) {
                    return packets + 1;
                }
                drainToEnd(in);
            }
            return packets + 1;
        }
    }

    /**
     * Reads the broker's packets until a PINGRESP (true) or the end of the stream (false); each must
     * decode in the session's version. Fails if neither comes in time.
     */
    private static Ending readUntilPingRespOrEnd(InputStream in, ProtocolVersion v) throws IOException {
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return Ending.CLOSED;
                }
                int length = 0;
                int shift = 0;
                int b;
                do {
                    b = in.read();
                    if (b < 0) {
                        throw new AssertionError("the broker sent a packet cut short in its Remaining Length");
                    }
                    length |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    throw new AssertionError("the broker sent a packet cut short: " + body.length + " of " + length);
                }
                if (decodes(v, first, body) instanceof PingResp) {
                    return Ending.ANSWERED;
                }
            }
        } catch (SocketException reset) {
            return Ending.CLOSED; // a reset can still come when our own stream was cut off mid-write
        } catch (SocketTimeoutException e) {
            return Ending.SILENT; // the stream may end inside a packet: the half-close must end it
        }
    }

    /** How a fuzzed connection ended before the client half-closed. */
    private enum Ending { ANSWERED, CLOSED, SILENT }

    private static final LongAdder[] OUTCOMES = {
        new LongAdder(), new LongAdder(),
        new LongAdder()};

    private static Object decodes(ProtocolVersion v, int first, byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            return PacketDecoder.decode(v, first, buf);
        } catch (DecodeException e) {
            // the CONNACK of a refused unknown version is answered in another version; nothing else may fail
            if ((first >> 4) == 2) {
                return null;
            }
            throw new AssertionError("the broker sent an undecodable " + (first >> 4) + " packet: " + e.getMessage());
        }
    }

    /** After our half-close the broker must close too, within the time limit. */
    private static void drainToEnd(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // what the broker still sends (queued messages) is read and discarded
            }
        } catch (SocketException reset) {
            // closed
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker did not close the connection after the client half-closed it");
        }
    }

    private static void stillRoutes(int port) throws IOException {
        try (RawClient sub = RawClient.connected(port, ProtocolVersion.MQTT_5, "after-sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(port, ProtocolVersion.MQTT_3_1_1, "after-pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "after/fuzz", QoS.AT_MOST_ONCE);
            pub.send(Publish.of("after/fuzz", Bytes.utf8("still here")));
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("still here");
        }
    }

    /**
     * Watches the standard error stream, where Netty's leak detector reports (through slf4j-simple) a
     * buffer that was collected without being released.
     */
    private static final class LeakWatch extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        private LeakWatch(PrintStream original) {
            this.original = original;
        }

        static LeakWatch install() {
            LeakWatch watch = new LeakWatch(System.err);
            System.setErr(new PrintStream(watch, true, StandardCharsets.UTF_8));
            return watch;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            seen.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            seen.write(b, off, len);
        }

        void assertNoLeak() {
            // leaks are reported when a later buffer is tracked after the leaked one was collected
            for (int i = 0; i < 5; i++) {
                System.gc();
                for (int j = 0; j < 100; j++) {
                    PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
                    PooledByteBufAllocator.DEFAULT.heapBuffer(64).release();
                }
            }
            System.setErr(original);
            String text;
            synchronized (this) {
                text = seen.toString(StandardCharsets.UTF_8);
            }
            assertThat(text).as("Netty leak reports").doesNotContain("LEAK:");
        }
    }
}
