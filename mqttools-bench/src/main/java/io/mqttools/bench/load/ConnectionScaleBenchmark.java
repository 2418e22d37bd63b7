package io.mqttools.bench.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many idle connections against our broker and mosquitto, each in its own process on loopback, one
 * after the other with the same client: resident memory (and for ours, live heap after a full GC) at
 * {@code --base} and at {@code --connections} idle connections, so the slope per connection; the time
 * to connect them all (every CONNACK received); then {@code --expiring} more connections with keep alive
 * 1 s that go silent, and how long after their CONNACKs the broker has closed every one, while the idle
 * ones stay open.
 *
 * <pre>
 * java -cp mqttools-bench/target/benchmarks.jar io.mqttools.bench.load.ConnectionScaleBenchmark \
 *      [--connections 10000] [--base 1000] [--expiring 1000] [--keep-alive 60] [--histogram 15] \
 *      [--mosquitto /usr/sbin/mosquitto] [--jar mqttools-cli/target/mqttools.jar] [--broker-jvm-opts ""]
 * </pre>
 * Our broker starts through the launcher script with its JVM defaults; {@code [--ours "launcher;jar"]
 * [--launcher ./mqttools] [--java PATH]} run several variants one after the other (see {@link OurLaunch#parse}).
 * {@code --keep-alive S} is the idle connections' keep alive, 60 s by default as in mosquitto's and Paho's
 * clients (before 8 December 2026 they had none, 0, which spared ours a keep-alive timer each).
 * {@code --log-level info} (ours' default; the tool's is warn) logs a line per connect, as mosquitto's default
 * {@code log_type} does; the generated mosquitto configuration logs errors only either way.
 * Each broker needs {@code connections + expiring} file descriptors and so does this process ({@code ulimit -n}).
 * {@code --histogram N} prints our broker's N largest classes of the live heap per connection at
 * {@code --connections}; {@code -XX:NativeMemoryTracking=summary} in {@code --broker-jvm-opts} adds the
 * JVM's native memory summary at both points (and, with {@code NMT_DETAIL_DIR} set in the environment, the
 * {@code detail} report written to a file there, for {@code -XX:NativeMemoryTracking=detail}).
 * {@code --settle-seconds S} waits S seconds after the last CONNACK before measuring at each point, so that
 * memory the JIT compilers took while the connections opened (their arenas, pooled for 5 s, then freed to
 * glibc, which the launcher's {@code -XX:TrimNativeHeapInterval=10000} gives back) is not counted as the
 * connections' own; with 0 (the default) each point is measured at once, as in the earlier runs.
 */
public final class ConnectionScaleBenchmark {
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("Total\\s+(\\d+)\\s+(\\d+)");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private ConnectionScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("connections", "10000", "base", "1000",
                "expiring", "1000", "histogram", "0", "mosquitto", "/usr/sbin/mosquitto",
                "jar", "mqttools-cli/target/mqttools.jar", "broker-jvm-opts", ""));
        options.putAll(Map.of("ours", "launcher", "launcher", "mqttools", "java", "", "log-level", "warn",
                "settle-seconds", "0", "keep-alive", "60"));
        options = BenchOptions.parse("ConnectionScaleBenchmark", options, args);
        int connections = Integer.parseInt(options.get("connections"));
        int base = Integer.parseInt(options.get("base"));
        int expiring = Integer.parseInt(options.get("expiring"));
        int histogram = Integer.parseInt(options.get("histogram"));
        int settle = Integer.parseInt(options.get("settle-seconds"));
        int keepAlive = Integer.parseInt(options.get("keep-alive"));
        if (base < 1 || connections <= base || expiring < 0 || keepAlive < 0 || keepAlive > 65_535) {
            System.err.println("error: need 0 < base < connections, expiring >= 0 and 0 <= keep-alive <= 65535");
            System.exit(2);
        }
        Plan plan = new Plan(base, connections, expiring, keepAlive, histogram, settle);
        List<OurLaunch> launches = OurLaunch.parse(options.get("ours"), options.get("launcher"), options.get("jar"),
                options.get("java"), options.get("broker-jvm-opts"));
        System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            for (OurLaunch launch : launches) {
                try (BrokerProcess ours = BrokerProcess.ours(launch, null, options.get("log-level"))) {
                    results.put(launch.name(), run(ours, group, plan, true));
                }
            }
            try (BrokerProcess mosquitto = BrokerProcess.mosquitto(options.get("mosquitto"))) {
                results.put("mosquitto", run(mosquitto, group, plan.withoutHistogram(), false));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        System.out.println();
        System.out.println("| figure | broker | ours / mosquitto | ours | mosquitto |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String figure : results.get(launches.get(0).name()).keySet()) {
            for (OurLaunch launch : launches) {
                double o = results.get(launch.name()).getOrDefault(figure, Double.NaN);
                Double t = results.get("mosquitto").get(figure);
                System.out.printf("| %s | %s | %s | %,.1f | %s |%n", figure, launch.name(),
                        t == null ? "-" : String.format("%.2f", Stats.ratio(o, t)), o, t == null ? "-" : String.format("%,.1f", t));
            }
        }
        System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** What one broker is put through; {@code keepAlive} is the idle connections' (0: none). */
    private record Plan(int base, int connections, int expiring, int keepAlive, int histogram, int settle) {
        Plan withoutHistogram() {
            return new Plan(base, connections, expiring, keepAlive, 0, settle);
        }
    }

    private static Map<String, Double> run(BrokerProcess broker, EventLoopGroup group, Plan plan, boolean jvm)
            throws Exception {
        int base = plan.base();
        int connections = plan.connections();
        int expiring = plan.expiring();
        int histogram = plan.histogram();
        int settle = plan.settle();
        Map<String, Double> figures = new LinkedHashMap<>();
        long pid = broker.pid();
        System.out.printf("%s pid %d port %d: RSS at start %,d KB%n", broker.name, pid, broker.port, rssKb(pid));
        try (IdleConnections first = IdleConnections.open(group, broker.port, base, plan.keepAlive(), "base-", 120,
                TimeUnit.SECONDS)) {
            Thread.sleep(settle * 1000L);
            long heapBase = jvm ? liveHeap(pid, 0, 0) : 0;
            long rssBase = rssKb(pid);
            printSmaps(broker.name + " at " + base, pid);
            String nmtBase = jvm ? nmtCommittedKb(pid) : null;
            try (IdleConnections rest = IdleConnections.open(group, broker.port, connections - base, plan.keepAlive(),
                    "idle-", 300, TimeUnit.SECONDS)) {
                Thread.sleep(settle * 1000L);
                long heapAll = jvm ? liveHeap(pid, histogram > 0 ? connections : 0, histogram) : 0;
                long rssAll = rssKb(pid);
                printSmaps(broker.name + " at " + connections, pid);
                String nmtAll = jvm ? nmtCommittedKb(pid) : null;
                int extra = connections - base;
                figures.put("connect " + extra + " (ms)", (double) rest.connectMillis());
                figures.put("connections per second", extra * 1000.0 / Math.max(1, rest.connectMillis()));
                figures.put("RSS at " + base + " (KB)", (double) rssBase);
                figures.put("RSS at " + connections + " (KB)", (double) rssAll);
                figures.put("RSS per extra connection (KB)", (rssAll - rssBase) / (double) extra);
                if (jvm) {
                    figures.put("live heap per extra connection (KB)", (heapAll - heapBase) / 1024.0 / extra);
                    if (nmtBase != null && nmtAll != null) {
                        figures.put("NMT committed per extra connection (KB)",
                                (Long.parseLong(nmtAll) - Long.parseLong(nmtBase)) / (double) extra);
                    }
                }
                if (expiring > 0) {
                    try (IdleConnections silent = IdleConnections.open(group, broker.port, expiring, 1, "silent-",
                            120, TimeUnit.SECONDS)) {
                        boolean all = silent.awaitAllClosed(30, TimeUnit.SECONDS);
                        figures.put("keep-alive 1 s: closed of " + expiring, (double) silent.closed());
                        figures.put("keep-alive 1 s: last close after last CONNACK (ms)",
                                all ? (double) silent.lastCloseAfterLastConnAckMillis() : Double.NaN);
                    }
                    figures.put("idle connections closed meanwhile", (double) (first.closed() + rest.closed()));
                }
            }
        }
        System.out.println(broker.name + ": " + figures);
        return figures;
    }

    /** The resident memory by kind (anonymous, file-backed, ...) from {@code /proc/PID/smaps_rollup}. */
    private static void printSmaps(String label, long pid) throws IOException {
        Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        if (Files.isReadable(rollup)) {
            System.out.println(label + " connections, smaps_rollup: " + Files.readAllLines(rollup).stream()
                    .filter(l -> l.matches("(Rss|Anonymous|Shared_Clean|Private_Clean|Private_Dirty):.*"))
                    .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + "; " + b).orElse(""));
        }
    }

    private static long rssKb(long pid) throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Live heap bytes: the class histogram runs a full GC first. Prints the top classes per connection. */
    private static long liveHeap(long pid, int perConnections, int top) throws IOException, InterruptedException {
        String out = jcmd(pid, "GC.class_histogram");
        if (perConnections > 0) {
            System.out.println("live heap per connection at " + perConnections + " connections, largest classes:");
            out.lines().filter(l -> l.matches("\\s*\\d+:\\s+\\d+\\s+\\d+\\s+.*")).limit(top).forEach(l -> {
                String[] f = l.trim().split("\\s+");
                System.out.printf("  %8.1f B %6.2f instances  %s%n", Long.parseLong(f[2]) / (double) perConnections,
                        Long.parseLong(f[1]) / (double) perConnections, f[3]);
            });
        }
        Matcher m = HISTOGRAM_TOTAL.matcher(out);
        if (!m.find()) {
            throw new IOException("no total in the class histogram of " + pid + ": " + out);
        }
        return Long.parseLong(m.group(2));
    }

    /** The JVM's committed native memory in KB, or null when Native Memory Tracking is off. */
    private static String nmtCommittedKb(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "VM.native_memory", "summary");
        Matcher m = NMT_TOTAL.matcher(out);
        if (!m.find()) {
            return null;
        }
        if (System.getenv("NMT_DETAIL_DIR") != null) {
            Files.writeString(Path.of(System.getenv("NMT_DETAIL_DIR"), "nmt-" + pid + "-" + System.nanoTime() + ".txt"),
                    jcmd(pid, "VM.native_memory", "detail"));
        }
        System.out.println(out.lines().filter(l -> l.startsWith("-") || l.startsWith("Total")).toList().stream()
                .reduce((a, b) -> a + "\n" + b).orElse(""));
        return m.group(2);
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        argv.add(Long.toString(pid));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
