package io.mqttools.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A broker under test, run as its own process on loopback so that its CPU is not the generator's. */
final class BrokerProcess implements AutoCloseable {
    final String name;
    final int port;
    private final Process process;

    private BrokerProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * mosquitto with its queue and in-flight limits set to our broker's defaults (10,000 queued,
     * 256 in flight per client) and Nagle off, as ours has it, so that neither broker wins by a setting.
     */
    static BrokerProcess mosquitto(String binary) throws IOException, InterruptedException {
        return mosquitto(binary, null);
    }

    /** @param dataDir with persistence on (mosquitto's {@code persistence true}, its default autosave) here, or null */
    static BrokerProcess mosquitto(String binary, Path dataDir) throws IOException, InterruptedException {
        int port = freePort();
        Path config = Files.createTempFile("loadbench-mosquitto", ".conf");
        config.toFile().deleteOnExit();
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                dataDir == null ? "persistence false" : "persistence true\npersistence_location " + dataDir + "/",
                "max_queued_messages 10000",
                "max_inflight_messages 256",
                "set_tcp_nodelay true",
                "log_type error",
                ""));
        return start("mosquitto", port, List.of(binary, "-c", config.toString()), java.util.Map.of());
    }

    /** Our broker as shipped: {@code java -jar mqttools.jar broker}, with the given extra JVM options. */
    static BrokerProcess ours(String jar, List<String> jvmOptions) throws IOException, InterruptedException {
        return ours(jar, jvmOptions, null);
    }

    /** @param dataDir {@code --data-dir} (durable sessions), or null for in memory */
    static BrokerProcess ours(String jar, List<String> jvmOptions, Path dataDir) throws IOException, InterruptedException {
        return ours(OurLaunch.jar("mqttools", jar, jvmOptions), dataDir);
    }

    /** Our broker started as {@code launch} says (the launcher script, or plain {@code java -jar}). */
    static BrokerProcess ours(OurLaunch launch, Path dataDir) throws IOException, InterruptedException {
        return ours(launch, dataDir, "warn");
    }

    /** @param logLevel {@code --log-level}: warn leaves out the line per connect that info writes */
    static BrokerProcess ours(OurLaunch launch, Path dataDir, String logLevel) throws IOException, InterruptedException {
        int port = freePort();
        List<String> args = new java.util.ArrayList<>(List.of("broker", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--log-level", logLevel));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        return start(launch.name(), port, launch.command(args), launch.environment());
    }

    private static BrokerProcess start(String name, int port, List<String> command, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("loadbench-" + name.replaceAll("[^A-Za-z0-9-]", "_"), ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // the launcher may build the jar first
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new BrokerProcess(name, port, process);
            } catch (IOException notYet) {
                // polling a process we do not control: no latch to wait on; every 10 ms, so that the time to
                // listen (ConnectStormBenchmark's startup figure) is not rounded up to a tenth of a second
                Thread.sleep(10);
            }
        }
        process.destroyForcibly();
        throw new IOException(name + " did not listen on " + port + " within 300 s; log " + log);
    }

    long pid() {
        return process.pid();
    }

    /** The process's peak resident memory so far ({@code VmHWM} of /proc/PID/status) in KB, or -1 if unknown. */
    long peakRssKb() {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("VmHWM:\\s+(\\d+) kB")
                    .matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
