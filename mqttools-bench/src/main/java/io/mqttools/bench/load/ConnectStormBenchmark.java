package io.mqttools.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a broker accepts a storm of MQTT 3.1.1 connections: our broker (each {@code --ours} variant) and
 * mosquitto, a fresh process each per round, in alternating order so that noise on the machine hits both.
 * Per broker and round: the time from starting the process to its port accepting; one storm of
 * {@code --connections} on the fresh broker ("cold": what a broker restarted under a reconnect storm sees);
 * then {@code --warm-rounds} more storms on the same broker, of which the median rate of the last three is
 * the "warm" figure. Prints every storm's line as it runs, then the median over rounds of each figure and
 * of the per-round ratios ours / mosquitto.
 *
 * <pre>
 * java -cp mqttools-bench/target/benchmarks.jar io.mqttools.bench.load.ConnectStormBenchmark \
 *      [--rounds 5] [--connections 5000] [--concurrency 50] [--warm-rounds 6] \
 *      [--ours "launcher;jar"] [--launcher mqttools] [--jar mqttools-cli/target/mqttools.jar] [--java PATH] \
 *      [--broker-jvm-opts ""] [--mosquitto /usr/sbin/mosquitto] \
 *      [--source mqttools-bench/src/main/c/connstorm.c] [--cc cc]
 * </pre>
 * Run it from the repository root, with the CLI jar built (the launcher would otherwise build it inside the
 * first startup). The client is {@code connstorm}, a small C program (epoll, non-blocking connects, at most
 * {@code --concurrency} handshakes in flight; see its source), compiled here with {@code --cc} into
 * {@code mqttools-bench/target/connstorm} when missing or older than the source, never by the Maven build:
 * a JVM client, still compiling its own connect path while the storm runs, was the bottleneck and would
 * blur the broker's cold figure with its own warm-up. Each storm needs {@code --connections} file
 * descriptors in connstorm (which raises its soft limit to the hard one) and in the broker.
 */
public final class ConnectStormBenchmark {
    private static final Path BINARY = Path.of("mqttools-bench/target/connstorm");
    private static final Pattern FIGURE = Pattern.compile("(\\w+)=([-0-9.]+)");
    private static final String MOSQUITTO = "mosquitto";

    /** One broker's figures in one round. */
    private record Round(double startupMs, double coldRate, double coldP99Ms, double warmRate) {
    }

    /** Starts one fresh broker. */
    private interface Starter {
        BrokerProcess start() throws IOException, InterruptedException;
    }

    private ConnectStormBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] defaultPairs = {"rounds", "5", "connections", "5000", "concurrency", "50", "warm-rounds", "6",
            "ours", "launcher", "launcher", "mqttools", "jar", "mqttools-cli/target/mqttools.jar", "java", "",
            "broker-jvm-opts", "", "mosquitto", "/usr/sbin/mosquitto", "source", "mqttools-bench/src/main/c/connstorm.c",
            "cc", "cc"};
        Map<String, String> defaults = new LinkedHashMap<>();
        for (int i = 0; i < defaultPairs.length; i += 2) {
            defaults.put(defaultPairs[i], defaultPairs[i + 1]);
        }
        Map<String, String> options = BenchOptions.parse("ConnectStormBenchmark", defaults, args);
        int rounds = Integer.parseInt(options.get("rounds"));
        int connections = Integer.parseInt(options.get("connections"));
        int concurrency = Integer.parseInt(options.get("concurrency"));
        int warmRounds = Integer.parseInt(options.get("warm-rounds"));
        if (rounds < 1 || connections < 1 || concurrency < 1 || warmRounds < 0) {
            System.err.println("error: need rounds, connections and concurrency >= 1 and warm-rounds >= 0");
            System.exit(2);
        }
        List<OurLaunch> launches = OurLaunch.parse(options.get("ours"), options.get("launcher"), options.get("jar"),
                options.get("java"), options.get("broker-jvm-opts"));
        compileIfStale(Path.of(options.get("source")), options.get("cc"));
        List<String> client = List.of(BINARY.toAbsolutePath().toString(), "-c", Integer.toString(concurrency));

        System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
        Map<String, List<Round>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (OurLaunch launch : launches) {
                results.computeIfAbsent(launch.name(), k -> new ArrayList<>()).add(round(round, launch.name(),
                        () -> BrokerProcess.ours(launch, null, "warn"), client, connections, warmRounds));
            }
            results.computeIfAbsent(MOSQUITTO, k -> new ArrayList<>()).add(round(round, MOSQUITTO,
                    () -> BrokerProcess.mosquitto(options.get("mosquitto")), client, connections, warmRounds));
        }

        System.out.printf("%n%d connections, %d in flight, median of %d rounds; warm: median of the last %d of %d storms"
                + " on the same broker%n%n", connections, concurrency, rounds, Math.min(3, warmRounds), warmRounds);
        System.out.println("| broker | cold rate (conn/s) | warm rate (conn/s) | startup (ms) | cold p99 (ms) |");
        System.out.println("| --- | --- | --- | --- | --- |");
        results.forEach((name, list) -> System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %.2f |%n", name,
                median(list, Round::coldRate), median(list, Round::warmRate), median(list, Round::startupMs),
                median(list, Round::coldP99Ms)));
        System.out.println();
        System.out.println("| ours / mosquitto (median of per-round ratios) | cold rate | warm rate |");
        System.out.println("| --- | --- | --- |");
        List<Round> theirs = results.get(MOSQUITTO);
        for (OurLaunch launch : launches) {
            List<Round> ours = results.get(launch.name());
            System.out.printf("| %s | %.2f | %.2f |%n", launch.name(), medianRatio(ours, theirs, Round::coldRate),
                    medianRatio(ours, theirs, Round::warmRate));
        }
        System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** One fresh broker: its startup, a cold storm and the warm ones, printed as they run. */
    private static Round round(int round, String name, Starter starter, List<String> client, int connections,
                               int warmRounds) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        try (BrokerProcess broker = starter.start()) {
            double startupMs = (System.nanoTime() - begin) / 1e6;
            System.out.printf("round %d %s (pid %d, port %d): startup %.0f ms%n", round, name, broker.pid(),
                    broker.port, startupMs);
            // Each storm's own client-id prefix: no storm takes over a session an earlier one left behind.
            Map<String, Double> cold = storm(client, broker.port, connections, "r" + round + "c");
            System.out.printf("round %d %s cold:   %s%n", round, name, line(cold));
            double[] warm = new double[warmRounds];
            for (int i = 0; i < warmRounds; i++) {
                // connstorm closes all its connections as it exits; give the broker time to handle those closes
                // (sessions removed, sockets released) so that they do not run into the next storm's connects.
                Thread.sleep(1000);
                Map<String, Double> w = storm(client, broker.port, connections, "r" + round + "w" + (i + 1));
                System.out.printf("round %d %s warm %d: %s%n", round, name, i + 1, line(w));
                warm[i] = w.get("rate");
            }
            double[] last = Arrays.copyOfRange(warm, Math.max(0, warmRounds - 3), warmRounds);
            return new Round(startupMs, cold.get("rate"), cold.get("p99_ms"), Stats.median(last));
        }
    }

    /** One connstorm run; its figures from the last line, or an exception with its output if it failed. */
    private static Map<String, Double> storm(List<String> client, int port, int connections, String prefix)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("-i", prefix, Integer.toString(port), Integer.toString(connections)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read to the end without a timeout: connstorm gives up by itself after 10 s without progress.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        String last = out.lines().filter(l -> l.startsWith("connected=")).reduce((a, b) -> b).orElse("");
        if (status != 0 || last.isEmpty()) {
            throw new IOException(String.join(" ", command) + " exited with " + status + ":\n" + out);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        Matcher m = FIGURE.matcher(last);
        while (m.find()) {
            figures.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return figures;
    }

    private static String line(Map<String, Double> figures) {
        return String.format("%,6.0f conn/s  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms  (%.3f s)", figures.get("rate"),
                figures.get("p50_ms"), figures.get("p90_ms"), figures.get("p99_ms"), figures.get("max_ms"),
                figures.get("seconds"));
    }

    /** Compiles connstorm when its binary is missing or older than the source: at run time, not in the build. */
    private static void compileIfStale(Path source, String cc) throws IOException, InterruptedException {
        if (!Files.isRegularFile(source)) {
            throw new IOException("no connstorm source at " + source.toAbsolutePath()
                    + " (run from the repository root, or give --source)");
        }
        if (Files.isExecutable(BINARY)
                && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(source)) >= 0) {
            return;
        }
        Files.createDirectories(BINARY.getParent());
        List<String> command = List.of(cc, "-O2", "-o", BINARY.toString(), source.toString());
        String out;
        int status;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = p.waitFor();
        } catch (IOException e) {
            throw new IOException("cannot run `" + String.join(" ", command) + "` (give a C compiler with --cc): "
                    + e.getMessage(), e);
        }
        if (status != 0) {
            throw new IOException("`" + String.join(" ", command) + "` failed with " + status + ":\n" + out);
        }
        System.out.println("compiled: " + String.join(" ", command));
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
        return Stats.median(rounds.stream().mapToDouble(figure).toArray());
    }

    private static double medianRatio(List<Round> ours, List<Round> theirs, ToDoubleFunction<Round> figure) {
        double[] ratios = new double[ours.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = Stats.ratio(figure.applyAsDouble(ours.get(i)), figure.applyAsDouble(theirs.get(i)));
        }
        return Stats.median(ratios);
    }
}
