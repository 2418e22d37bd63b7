package io.mqttools.bench.persistence;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.broker.persistence.RocksStore;
import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.session.Delivery;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.SessionJournal;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery time: fills a data directory with persistent sessions (one subscription each) and queued QoS 1
 * messages through the store's own journals, then times {@code Broker.start()} on it, which loads them all.
 *
 * <pre>
 * java -Xmx4g -cp mqttools-bench/target/benchmarks.jar io.mqttools.bench.persistence.RecoveryBenchmark \
 *      [--sessions 100000] [--messages-per-session 10] [--payload 64] [--dir /tmp/mqttools-recovery] [--starts 3] \
 *      [--fill false]   (start on a directory filled before)
 * </pre>
 */
public final class RecoveryBenchmark {
    private RecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("sessions", "100000", "messages-per-session", "10",
                "payload", "64", "dir", "", "starts", "3"));
        o.put("fill", "true");
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int sessions = Integer.parseInt(o.get("sessions"));
        int perSession = Integer.parseInt(o.get("messages-per-session"));
        Path dir = o.get("dir").isEmpty() ? Files.createTempDirectory("mqttools-recovery") : Path.of(o.get("dir"));
        long t0 = System.nanoTime();
        if (Boolean.parseBoolean(o.get("fill"))) {
            fill(dir, sessions, perSession, Integer.parseInt(o.get("payload")));
        }
        System.out.printf("filled %s: %d sessions, %d queued messages in %d ms%n", dir, sessions,
                (long) sessions * perSession, (System.nanoTime() - t0) / 1_000_000);
        for (int i = 0; i < Integer.parseInt(o.get("starts")); i++) {
            System.gc();
            long start = System.nanoTime();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0)
                    .maxQueuedMessages(Math.max(perSession, 1)).persistence(new PersistenceConfig(dir)).build().start()) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                long cpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                Runtime rt = Runtime.getRuntime();
                System.out.printf("start %d: %d sessions loaded, Broker.start() took %d ms (%d ms CPU on the loading "
                        + "thread; load average %s), heap used %d MiB%n", i + 1, broker.sessionCount(), millis, cpuMillis,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        (rt.totalMemory() - rt.freeMemory()) >> 20);
            }
        }
    }

    private static void fill(Path dir, int sessions, int perSession, int payloadSize) {
        Publish message = new Publish("dev/status", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.wrap(new byte[payloadSize]),
                Properties.EMPTY);
        Delivery delivery = new Delivery(message, QoS.AT_LEAST_ONCE, false, List.of(), 0);
        long now = System.currentTimeMillis();
        try (RocksStore store = RocksStore.open(dir)) {
            for (int i = 0; i < sessions; i++) {
                Session session = new Session("device-" + i, Math.max(perSession, 1));
                SessionJournal journal = store.create(session);
                journal.saved(Limits.NEVER_EXPIRE, now);
                journal.subscribed(new ClientSubscription(new Subscription("dev/" + i + "/#", QoS.AT_LEAST_ONCE), 0));
                for (int m = 0; m < perSession; m++) {
                    journal.queued(delivery);
                }
                if (i % 1000 == 999) {
                    store.commit();
                }
            }
            store.commit();
        }
    }
}
