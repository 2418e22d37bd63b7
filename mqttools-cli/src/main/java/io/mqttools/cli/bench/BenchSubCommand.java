package io.mqttools.cli.bench;

import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.cli.common.Formats;
import io.mqttools.cli.common.LoggingOptions;
import io.mqttools.client.Message;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.packet.Subscription;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mqttools bench sub}: N subscribers counting messages and measuring end-to-end latency. */
@Command(name = "sub", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connect -c subscribers to the filter (%%i: the subscriber's index) and count what they "
                + "receive until --count messages in total or for --duration seconds (whichever comes first; "
                + "neither: until Ctrl-C). For payloads from 'bench pub' (an 8-byte timestamp first) it reports the "
                + "end-to-end latency; across hosts that needs synchronised clocks.",
                "Exit status 1 when --count was not reached, or a connection was refused, failed or lost."})
public final class BenchSubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions bench;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "FILTER", description = "Topic filter; %%i is the subscriber's index.")
    String filter;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "Maximum QoS of the subscription (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--count", paramLabel = "TOTAL", description = "Stop after this many messages, all subscribers together.")
    Long count;

    @Mixin
    RunLength length;

    @Override
    public Integer call() throws Exception {
        QoS q = check();
        BenchClients clients = new BenchClients(spec, connection, bench, "sub");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Connecting " + bench.clients + " subscriber(s) to '" + connection.address() + "'.");
        out.flush();
        Meter received = new Meter();
        Latency latency = new Latency();
        long target = count == null ? Long.MAX_VALUE : count;
        java.util.concurrent.CompletableFuture<Void> reached = new java.util.concurrent.CompletableFuture<>();
        Consumer<Message> onMessage = m -> {
            long age = Payloads.ageMicros(m.payload().unsafeArray(), Payloads.nowMicros());
            if (age >= 0) {
                latency.record(age);
            }
            if (received.increment() == target) {
                reached.complete(null);
            }
        };
        try (Fleet fleet = new Fleet(bench)) {
            // The hook is set before start(): nothing the broker sends after SUBACK is missed.
            fleet.connect(bench.clients, i -> clients.builder(i).onMessage(onMessage)
                    .subscription(new Subscription(BenchClients.expand(filter, i), q)), (i, c) -> { });
            out.println("Subscribed " + fleet.describe() + "; receiving.");
            out.flush();
            try (RunControl run = new RunControl(out, s -> String.format(Locale.ROOT,
                    "%4ds  received %d (%d msg/s)  %s  lost %d", s, received.total(), received.rate(), latency.brief(),
                    lostNow(fleet)))) {
                reached.thenRun(run::finish);
                run.await(length.limit());
                double seconds = run.elapsedSeconds();
                run.stopProgress();
                long total = received.total();
                out.printf(Locale.ROOT, "Summary: %d subscriber(s) to '%s', QoS %d%n", fleet.connected(), filter, qos);
                out.println("connections: " + fleet.describe());
                out.printf(Locale.ROOT, "messages: %d received in %.3f s (%.1f msg/s)%n", total, seconds,
                        total / Math.max(seconds, 1e-9));
                out.println("end-to-end latency: " + latency.full());
                out.println("connect latency: " + fleet.connectLatency().full());
                long missing = 0;
                if (count != null && total < count) {
                    missing = count - total;
                    out.println("missing: " + missing + " of the " + count + " messages expected");
                }
                return Summary.errors(out, fleet, missing);
            }
        } finally {
            out.flush();
        }
    }

    private QoS check() {
        String problem = bench.problem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        QoS q = Formats.qos(spec, qos);
        String filterProblem = TopicFilter.validate(BenchClients.expand(filter, 0));
        if (filterProblem != null) {
            throw new ParameterException(spec.commandLine(), "Invalid topic filter '" + filter + "': " + filterProblem);
        }
        String lengthProblem = length.problem(count);
        if (lengthProblem != null) {
            throw new ParameterException(spec.commandLine(), lengthProblem);
        }
        return q;
    }

    private static int lostNow(Fleet fleet) {
        fleet.pollLost();
        return fleet.lost();
    }
}
