package io.mqttools.cli.bench;

import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.cli.common.LoggingOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mqttools bench conn}: opens N connections, reports the connect rate and latency, holds, closes. */
@Command(name = "conn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open -c connections, at most --concurrency handshakes at once; report the connect rate and "
                + "the connect latency (TCP connect + CONNECT -> CONNACK), hold them for --hold seconds, close them."})
public final class BenchConnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions bench;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--hold", defaultValue = "0", paramLabel = "SECONDS",
            description = "Keep the connections open this long once all are made (default: ${DEFAULT-VALUE}).")
    long hold;

    @Override
    public Integer call() throws Exception {
        String problem = bench.problem();
        if (problem == null && hold < 0) {
            problem = "--hold must be 0 or more, not " + hold;
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        BenchClients clients = new BenchClients(spec, connection, bench, "conn");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Connecting " + bench.clients + " client(s) to '" + connection.address() + "'.");
        out.flush();
        Fleet fleet = new Fleet(bench);
        Meter made = new Meter();
        double connectSeconds;
        try (RunControl run = new RunControl(out, s -> String.format(Locale.ROOT,
                "%4ds  connected %d (%d/s)  refused %d  failed %d  lost %d", s, fleet.connected(), made.rate(),
                fleet.refused(), fleet.failed(), pollLost(fleet)))) {
            fleet.connect(bench.clients, clients::builder, (i, c) -> made.increment());
            connectSeconds = run.elapsedSeconds();
            if (hold > 0) {
                run.await(Duration.ofSeconds(hold));
            }
            run.stopProgress();
            fleet.close();
            out.printf(Locale.ROOT, "Summary: %d connection(s) in %.3f s (%.1f/s)%n", fleet.connected(), connectSeconds,
                    fleet.connected() / Math.max(connectSeconds, 1e-9));
            out.println("connections: " + fleet.describe());
            out.println("connect latency: " + fleet.connectLatency().full());
            return Summary.errors(out, fleet, 0);
        } finally {
            out.flush();
        }
    }

    private static int pollLost(Fleet fleet) {
        fleet.pollLost();
        return fleet.lost();
    }
}
