package io.mqttools.bench.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same load against our broker and mosquitto, each in its own process on loopback, in
 * alternating rounds (ours, mosquitto, ours, ...) after one discarded warm-up run each, and prints the
 * median of each figure and the ratio ours / mosquitto.
 *
 * <pre>
 * java -cp mqttools-bench/target/benchmarks.jar io.mqttools.bench.load.LoadBenchmark \
 *      [--rounds 3] [--seconds 3] [--warmup-seconds 3] [--latency-rate 1000] [--publisher-threads 1] [--subscriber-threads 1] \
 *      [--mosquitto /usr/sbin/mosquitto] [--jar mqttools-cli/target/mqttools.jar] [--broker-jvm-opts "-Xmx512m"] \
 *      [--persistent true] [--ours "launcher;jar"] [--launcher ./mqttools] [--java PATH]
 *      [--scenarios fanIn,qos1,fanOut,latency,latency0]
 * </pre>
 * {@code --scenarios} runs only those named, in that order ({@code latency0} is the latency scenario at QoS 0 and
 * is not in the default set).
 * Our broker starts through the launcher script with its JVM defaults, as users start it; {@code --ours} lists
 * the variants to run side by side (see {@link OurLaunch#parse}), each against the same mosquitto, and
 * {@code --broker-jvm-opts} are added to every variant ({@code JAVA_OPTS} for the launcher).
 * With {@code --persistent true} both brokers keep their sessions on disk (ours {@code --data-dir}, mosquitto
 * {@code persistence true}, each in a fresh temporary directory) and only the QoS 1 scenarios run, with
 * their subscribers on persistent sessions.
 * <pre>
 * </pre>
 */
public final class LoadBenchmark {
    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("rounds", "3", "seconds", "3", "warmup-seconds", "3",
                "latency-rate", "1000", "publisher-threads", "1", "subscriber-threads", "1", "mosquitto", "/usr/sbin/mosquitto",
                "jar", "mqttools-cli/target/mqttools.jar", "broker-jvm-opts", ""));
        options.put("persistent", "false");
        options.put("scenarios", String.join(",", Scenarios.NAMES));
        options.putAll(Map.of("ours", "launcher", "launcher", "mqttools", "java", ""));
        options = BenchOptions.parse("LoadBenchmark", options, args);
        int rounds = Integer.parseInt(options.get("rounds"));
        long duration = TimeUnit.MILLISECONDS.toNanos((long) (Double.parseDouble(options.get("seconds")) * 1000));
        long warmup = TimeUnit.MILLISECONDS.toNanos((long) (Double.parseDouble(options.get("warmup-seconds")) * 1000));
        int latencyRate = Integer.parseInt(options.get("latency-rate"));
        List<String> scenarios = List.of(options.get("scenarios").split(","));
        List<OurLaunch> launches = OurLaunch.parse(options.get("ours"), options.get("launcher"), options.get("jar"),
                options.get("java"), options.get("broker-jvm-opts"));

        System.out.println("load average before: " + loadAverage());
        EventLoopGroup publishers = new NioEventLoopGroup(Integer.parseInt(options.get("publisher-threads")));
        EventLoopGroup subscribers = new NioEventLoopGroup(Integer.parseInt(options.get("subscriber-threads")));
        boolean persistent = Boolean.parseBoolean(options.get("persistent"));
        List<BrokerProcess> brokers = new ArrayList<>();
        try {
            for (OurLaunch launch : launches) {
                Path ourDir = persistent ? Files.createTempDirectory("loadbench-mqttools-data").resolve("store") : null;
                brokers.add(BrokerProcess.ours(launch, ourDir));
            }
            Path theirDir = persistent ? Files.createTempDirectory("loadbench-mosquitto-data") : null;
            brokers.add(BrokerProcess.mosquitto(options.get("mosquitto"), theirDir));
            for (BrokerProcess b : brokers) {
                System.out.printf("%s pid %d port %d%n", b.name, b.pid(), b.port);
            }
            for (BrokerProcess b : brokers) {
                Map<String, Double> w = new Scenarios(publishers, subscribers, warmup, latencyRate, persistent).run(b.port,
                        scenarios);
                System.out.println("warm-up " + b.name + ": " + format(w));
            }
            Map<String, Map<String, List<Double>>> results = new java.util.TreeMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (BrokerProcess b : brokers) {
                    Map<String, Double> figures = new Scenarios(publishers, subscribers, duration, latencyRate, persistent)
                            .run(b.port, scenarios);
                    System.out.println("round " + round + " " + b.name + ": " + format(figures));
                    figures.forEach((k, v) -> results.computeIfAbsent(k, x -> new LinkedHashMap<>())
                            .computeIfAbsent(b.name, x -> new ArrayList<>()).add(v));
                }
            }
            for (BrokerProcess b : brokers) { // the whole run's peak resident memory, warm-up included
                results.computeIfAbsent("peakRssMB", x -> new LinkedHashMap<>())
                        .put(b.name, new ArrayList<>(List.of(b.peakRssKb() / 1024.0)));
            }
            report(results, launches.stream().map(OurLaunch::name).toList());
        } finally {
            for (BrokerProcess b : brokers) {
                b.close();
            }
            publishers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            subscribers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        System.out.println("load average after: " + loadAverage());
    }

    private static void report(Map<String, Map<String, List<Double>>> results, List<String> ours) {
        System.out.println();
        System.out.println("| figure | broker | ours / mosquitto | median | mosquitto (median) | rounds | mosquitto rounds |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        results.forEach((figure, byBroker) -> {
            double[] theirs = toArray(byBroker.get("mosquitto"));
            double mt = Stats.median(theirs);
            for (String name : ours) {
                double[] o = toArray(byBroker.get(name));
                double mo = Stats.median(o);
                System.out.printf("| %s | %s | %.2f | %s | %s | %s | %s |%n", figure, name, Stats.ratio(mo, mt), number(mo),
                        number(mt), list(o), list(theirs));
            }
        });
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String list(double[] values) {
        return String.join(" ", Arrays.stream(values).mapToObj(LoadBenchmark::number).toList());
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    private static String format(Map<String, Double> figures) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(figures).forEach((k, v) -> sb.append(k).append('=').append(number(v)).append(' '));
        return sb.toString().trim();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
