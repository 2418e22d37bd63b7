package io.mqttools.bench.load;

import io.mqttools.protocol.QoS;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The four scenarios, each run once against one broker: it connects, subscribes, publishes for a fixed
 * time, waits for the subscribers to go quiet, closes, and returns its figures by name.
 */
final class Scenarios {
    static final byte[] PAYLOAD = new byte[64];
    /** A subscriber counts as drained when nothing has arrived for this long. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MAX_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(15);

    /** Publishers and subscribers on separate event loops, so that blasting publishers cannot starve the counting. */
    private final EventLoopGroup publisherGroup;
    private final EventLoopGroup subscriberGroup;
    private final long durationNanos;
    private final int latencyRate;
    private final boolean persistent;
    /**
     * Topics of this instance: persistent subscriber sessions stay behind, offline and subscribed, so a later
     * instance must not publish to their topics (their queues would fill and pause the publisher).
     */
    private final String prefix = "i" + System.nanoTime() + "/";
    private int run;

    Scenarios(EventLoopGroup publisherGroup, EventLoopGroup subscriberGroup, long durationNanos, int latencyRate) {
        this(publisherGroup, subscriberGroup, durationNanos, latencyRate, false);
    }

    /**
     * @param persistent the QoS 1 scenarios only, with subscribers on persistent sessions (Clean Session 0), so
     *                   that a broker with persistence on keeps every message for them on disk
     */
    Scenarios(EventLoopGroup publisherGroup, EventLoopGroup subscriberGroup, long durationNanos, int latencyRate,
              boolean persistent) {
        this.persistent = persistent;
        this.publisherGroup = publisherGroup;
        this.subscriberGroup = subscriberGroup;
        this.durationNanos = durationNanos;
        this.latencyRate = latencyRate;
    }

    /** The scenarios {@link #all(int)} runs, in this order, when none are named. */
    static final List<String> NAMES = List.of("fanIn", "qos1", "fanOut", "latency");
    /** Every scenario that can be named: latency0 is the latency scenario at QoS 0. */
    static final List<String> ALL_NAMES = List.of("fanIn", "qos1", "fanOut", "latency", "latency0");

    Map<String, Double> all(int port) throws Exception {
        return run(port, NAMES);
    }

    /** Runs the named scenarios (of {@link #ALL_NAMES}) in the given order; with persistence on, only the QoS 1 ones. */
    Map<String, Double> run(int port, List<String> names) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String name : names) {
            switch (name) {
                case "fanIn" -> {
                    if (!persistent) {
                        figures.putAll(fanIn(port, 10));
                    }
                }
                case "qos1" -> figures.putAll(qos1Throughput(port, 100));
                case "fanOut" -> {
                    if (!persistent) {
                        figures.putAll(fanOut(port, 50));
                    }
                }
                case "latency" -> figures.putAll(latency(port, QoS.AT_LEAST_ONCE));
                case "latency0" -> {
                    if (!persistent) {
                        figures.putAll(latency(port, QoS.AT_MOST_ONCE));
                    }
                }
                default -> throw new IllegalArgumentException("unknown scenario " + name + ", expected one of " + ALL_NAMES);
            }
        }
        return figures;
    }

    /** N QoS 0 publishers on sensors/i/temperature, one subscriber on sensors/+/temperature. */
    Map<String, Double> fanIn(int port, int publishers) throws Exception {
        String prefix = "r" + (run++) + "/sensors/";
        LoadConnection sub = open(subscriberGroup, port);
        sub.subscribe(prefix + "+/temperature", QoS.AT_MOST_ONCE).get(10, TimeUnit.SECONDS);
        List<LoadConnection> pubs = openAll(publisherGroup, port, publishers);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            done.add(pubs.get(i).blastQos0(prefix + i + "/temperature", PAYLOAD, start + durationNanos));
        }
        awaitAll(done);
        long sent = pubs.stream().mapToLong(p -> p.sent.get()).sum();
        drain(() -> sub.received.get(), sent);
        long received = sub.received.get();
        double seconds = (sub.lastReceiveNanos - start) / 1e9;
        closeAll(pubs);
        sub.close();
        return Map.of("fanIn.msgsPerS", received / seconds, "fanIn.lossPct", 100.0 * (sent - received) / sent);
    }

    /** One QoS 1 publisher with a window in flight, one QoS 1 subscriber; every message must arrive. */
    Map<String, Double> qos1Throughput(int port, int window) throws Exception {
        String topic = prefix + "r" + (run++) + "/sensors/1/temperature";
        LoadConnection sub = LoadConnection.open(subscriberGroup, port, "load", !persistent).get(10, TimeUnit.SECONDS);
        sub.subscribe(topic, QoS.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        LoadConnection pub = open(publisherGroup, port);
        long start = System.nanoTime();
        pub.windowedQos1(topic, PAYLOAD, start + durationNanos, window).get(durationNanos + MAX_DRAIN_NANOS,
                TimeUnit.NANOSECONDS);
        long sent = pub.sent.get();
        drain(() -> sub.received.get(), sent);
        long received = sub.received.get();
        double seconds = (sub.lastReceiveNanos - start) / 1e9;
        pub.close();
        sub.close();
        return Map.of("qos1.msgsPerS", received / seconds, "qos1.lost", (double) (sent - received));
    }

    /** One QoS 0 publisher, N subscribers on its topic. */
    Map<String, Double> fanOut(int port, int subscribers) throws Exception {
        String topic = prefix + "r" + (run++) + "/sensors/1/temperature";
        List<LoadConnection> subs = openAll(subscriberGroup, port, subscribers);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (LoadConnection s : subs) {
            acks.add(s.subscribe(topic, QoS.AT_MOST_ONCE));
        }
        awaitAll(acks);
        LoadConnection pub = open(publisherGroup, port);
        long start = System.nanoTime();
        // a broker slowed by a loaded machine may hold the blast's last batch for long (TCP back-pressure): as awaitAll
        pub.blastQos0(topic, PAYLOAD, start + durationNanos).get(durationNanos + MAX_DRAIN_NANOS + 60_000_000_000L,
                TimeUnit.NANOSECONDS);
        long expected = pub.sent.get() * subscribers;
        drain(() -> subs.stream().mapToLong(s -> s.received.get()).sum(), expected);
        long received = subs.stream().mapToLong(s -> s.received.get()).sum();
        long last = subs.stream().mapToLong(s -> s.lastReceiveNanos).max().orElse(start + 1);
        double seconds = (last - start) / 1e9;
        pub.close();
        closeAll(subs);
        return Map.of("fanOut.deliveriesPerS", received / seconds,
                "fanOut.lossPct", 100.0 * (expected - received) / expected);
    }

    /**
     * At a fixed rate, publish to receive at the subscriber, in the same JVM's clock; publisher and subscriber at
     * {@code qos}. Figures are named latency (QoS 1) or latency0 (QoS 0).
     */
    Map<String, Double> latency(int port, QoS qos) throws Exception {
        String name = qos == QoS.AT_MOST_ONCE ? "latency0" : "latency";
        String topic = prefix + "r" + (run++) + "/sensors/1/temperature";
        LoadConnection sub = LoadConnection.open(subscriberGroup, port, "load", !persistent).get(10, TimeUnit.SECONDS);
        int capacity = (int) (latencyRate * (durationNanos / 1e9)) + 1000;
        sub.recordLatencies(capacity);
        sub.subscribe(topic, qos).get(10, TimeUnit.SECONDS);
        LoadConnection pub = open(publisherGroup, port);
        long period = 1_000_000_000L / latencyRate;
        ScheduledFuture<?> ticker = publisherGroup.next().scheduleAtFixedRate(() -> pub.sendTimestamped(topic, qos), 0, period,
                TimeUnit.NANOSECONDS);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(durationNanos)); // the run is this long, by definition
        ticker.cancel(false);
        long sent = pub.sent.get();
        drain(() -> sub.received.get(), sent);
        long received = sub.received.get();
        pub.close();
        sub.close();
        int n = sub.latencyCount();
        long[] samples = sub.latencies();
        return Map.of(name + ".p50Us", Stats.percentile(samples, n, 50) / 1000,
                name + ".p99Us", Stats.percentile(samples, n, 99) / 1000,
                name + ".lost", (double) (sent - received));
    }

    private LoadConnection open(EventLoopGroup group, int port) throws Exception {
        return LoadConnection.open(group, port, "load").get(10, TimeUnit.SECONDS);
    }

    private List<LoadConnection> openAll(EventLoopGroup group, int port, int n) throws Exception {
        List<CompletableFuture<LoadConnection>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(LoadConnection.open(group, port, "load"));
        }
        List<LoadConnection> connections = new ArrayList<>();
        for (CompletableFuture<LoadConnection> f : futures) {
            connections.add(f.get(10, TimeUnit.SECONDS));
        }
        return connections;
    }

    private static void closeAll(List<LoadConnection> connections) {
        connections.forEach(LoadConnection::close);
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures) throws Exception {
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(MAX_DRAIN_NANOS + 60_000_000_000L,
                TimeUnit.NANOSECONDS);
    }

    /** Waits until {@code expected} have arrived or nothing has for {@link #QUIET_NANOS}. */
    private static void drain(LongSupplier received, long expected) throws InterruptedException {
        long giveUp = System.nanoTime() + MAX_DRAIN_NANOS;
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < giveUp) {
            long now = received.getAsLong();
            if (now >= expected) {
                return;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > QUIET_NANOS) {
                return;
            }
            Thread.sleep(20); // polling counters the event loops write
        }
    }
}
