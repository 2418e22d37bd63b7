package io.mqttools.cli.bench;

import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.cli.common.Formats;
import io.mqttools.cli.common.LoggingOptions;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.TopicName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mqttools bench pub}: N publishers, each at a rate or as fast as flow control allows. */
@Command(name = "pub", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connect -c publishers and publish from each --count messages or for --duration seconds "
                + "(whichever comes first; neither: until Ctrl-C). %%i in the topic is the publisher's index. "
                + "Each payload starts with an 8-byte timestamp (microseconds since the epoch, big-endian) that "
                + "'bench sub' reads for the end-to-end latency. A message counts as sent when written to the "
                + "socket (QoS 0) or acknowledged (QoS 1, 2: the latency shown is publish -> PUBACK/PUBCOMP)."})
public final class BenchPubCommand implements java.util.concurrent.Callable<Integer> {
    /** Publishes each publisher may have outstanding. */
    static final int WINDOW = 64;

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions bench;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic; %%i is the publisher's index.")
    String topic;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "QoS 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-s", "--size"}, defaultValue = "256", paramLabel = "BYTES",
            description = "Payload size, at least 8 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-r", "--rate"}, defaultValue = "0", paramLabel = "MSGS_PER_S",
            description = "Messages per second per publisher; 0: as fast as flow control allows (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", paramLabel = "MESSAGES", description = "Messages per publisher.")
    Long count;

    @Mixin
    RunLength length;

    @Override
    public Integer call() throws Exception {
        QoS q = check();
        BenchClients clients = new BenchClients(spec, connection, bench, "pub");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Connecting " + bench.clients + " publisher(s) to '" + connection.address() + "'.");
        out.flush();
        Publisher.Stats stats = new Publisher.Stats(new Meter(), new Meter(), new Latency());
        List<Publisher> publishers = new ArrayList<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-pacer");
            t.setDaemon(true);
            return t;
        });
        Fleet fleet = new Fleet(bench);
        try {
            fleet.connect(bench.clients, clients::builder, (i, c) -> {
                synchronized (publishers) {
                    publishers.add(new Publisher(c, BenchClients.expand(topic, i), q, size,
                            count == null ? Long.MAX_VALUE : count, WINDOW, rate > 0, stats));
                }
            });
            out.println("Connected " + fleet.describe() + "; publishing.");
            out.flush();
            double seconds;
            try (RunControl run = new RunControl(out, s -> String.format(Locale.ROOT,
                    "%4ds  sent %d (%d msg/s)  failed %d  lost %d", s, stats.sent().total(), stats.sent().rate(),
                    stats.failed().total(), lostNow(fleet)))) {
                List<ScheduledFuture<?>> ticks = start(publishers, pacer);
                CompletableFuture<Void> all = CompletableFuture.allOf(
                        publishers.stream().map(Publisher::done).toArray(CompletableFuture[]::new));
                all.whenComplete((v, e) -> run.finish());
                run.await(length.limit());
                ticks.forEach(t -> t.cancel(false));
                publishers.forEach(Publisher::stop);
                try {
                    all.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    out.println("Some messages were still outstanding 30 s after the end.");
                }
                seconds = run.elapsedSeconds();
                run.stopProgress();
                out.printf(Locale.ROOT, "Summary: %d publisher(s), QoS %d, %d-byte payloads%n", publishers.size(), qos, size);
                out.println("connections: " + fleet.describe());
                out.printf(Locale.ROOT, "messages: %d sent in %.3f s (%.1f msg/s), %d failed%n", stats.sent().total(),
                        seconds, stats.sent().total() / Math.max(seconds, 1e-9), stats.failed().total());
                if (q != QoS.AT_MOST_ONCE) {
                    out.println("ack latency: " + stats.ackLatency().full());
                }
                out.println("connect latency: " + fleet.connectLatency().full());
                return Summary.errors(out, fleet, stats.failed().total());
            }
        } finally {
            pacer.shutdownNow();
            fleet.close();
            out.flush();
        }
    }

    private QoS check() {
        String problem = bench.problem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        QoS q = Formats.qos(spec, qos);
        String topicProblem = TopicName.validate(BenchClients.expand(topic, 0));
        if (topicProblem != null) {
            throw new ParameterException(spec.commandLine(), "Invalid topic '" + topic + "': " + topicProblem);
        }
        if (size < Payloads.TIMESTAMP_BYTES) {
            throw new ParameterException(spec.commandLine(), "-s/--size must be at least 8 (the timestamp), not " + size);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "-r/--rate must be 0 or more, not " + rate);
        }
        String lengthProblem = length.problem(count);
        if (lengthProblem != null) {
            throw new ParameterException(spec.commandLine(), lengthProblem);
        }
        return q;
    }

    /** Unpaced publishers start filling their windows; paced ones get a tick each, spread over one period. */
    private List<ScheduledFuture<?>> start(List<Publisher> publishers, ScheduledExecutorService pacer) {
        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        if (rate == 0) {
            publishers.forEach(Publisher::start);
            return ticks;
        }
        long periodNanos = Math.max(1, Math.round(1e9 / rate));
        for (int i = 0; i < publishers.size(); i++) {
            ticks.add(pacer.scheduleAtFixedRate(publishers.get(i)::tick, periodNanos * i / publishers.size(), periodNanos,
                    TimeUnit.NANOSECONDS));
        }
        return ticks;
    }

    private static int lostNow(Fleet fleet) {
        fleet.pollLost();
        return fleet.lost();
    }
}
