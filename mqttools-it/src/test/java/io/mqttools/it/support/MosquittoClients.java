package io.mqttools.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@code mosquitto_pub} and {@code mosquitto_sub} against a broker. Subscribers run with {@code -d}
 * so that a test can wait for their SUBACK, and print each message as one line
 * {@code MSG|topic|qos|retain|length|payload} that {@link Received#parse} reads back.
 */
public final class MosquittoClients {
    /** How long a client process may take for one step; generous for a loaded two-core machine. */
    public static final Duration STEP = Duration.ofSeconds(15);
    private static final String PREFIX = "MSG|";

    private final TestBroker broker;
    private final MqttVersion version;

    public MosquittoClients(TestBroker broker, MqttVersion version) {
        this.broker = broker;
        this.version = version;
    }

    /** Publishes with mosquitto_pub and waits for it to exit 0; {@code args} are e.g. {@code -t t -q 1 -m x}. */
    public ToolProcess publish(String... args) {
        return ToolProcess.run(command(ExternalTools.mosquittoPub(), args), STEP);
    }

    /** Publishes each line of {@code lines} as one message ({@code -l}) and waits for mosquitto_pub to exit 0. */
    public ToolProcess publishLines(java.nio.file.Path lines, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-l");
        ToolProcess pub = ToolProcess.start(command(ExternalTools.mosquittoPub(), all.toArray(String[]::new)), null,
                java.util.Map.of(), lines);
        int exit = pub.awaitExit(STEP);
        if (exit != 0) {
            throw new AssertionError("exit code " + exit + " from " + pub.describe());
        }
        return pub;
    }

    /**
     * Starts mosquitto_sub and waits until the broker has acknowledged its subscriptions.
     * {@code args} are e.g. {@code -t a/+ -q 1 -C 2}; {@code -W} keeps a forgotten process from living on.
     */
    public ToolProcess subscribe(String... args) {
        ToolProcess sub = startSubscriber(args);
        sub.awaitStdoutLine(line -> line.startsWith("Subscribed (mid:"), STEP);
        return sub;
    }

    /** Starts mosquitto_sub without waiting for its SUBACK. */
    public ToolProcess startSubscriber(String... args) {
        List<String> all = new ArrayList<>(List.of("-d", "-W", Long.toString(STEP.toSeconds() * 2),
                "-F", PREFIX + "%t|%q|%r|%l|%p"));
        all.addAll(Arrays.asList(args));
        // mosquitto_sub's stdout is block-buffered on a pipe: stdbuf makes it flush each line as it is printed.
        List<String> command = new ArrayList<>(List.of(ExternalTools.stdbuf().toString(), "-oL"));
        command.addAll(command(ExternalTools.mosquittoSub(), all.toArray(String[]::new)));
        return ToolProcess.start(command);
    }

    /** The messages a subscriber has printed so far, in order. */
    public static List<Received> received(ToolProcess subscriber) {
        return subscriber.stdout().stream().filter(line -> line.startsWith(PREFIX)).map(Received::parse).toList();
    }

    private List<String> command(java.nio.file.Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString(), "-h", broker.host(),
                "-p", Integer.toString(broker.port()), "-V", version.mosquittoName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** One message as mosquitto_sub printed it. */
    public record Received(String topic, int qos, boolean retained, int length, String payload) {
        static Received parse(String line) {
            String[] fields = line.substring(PREFIX.length()).split("\\|", 5);
            return new Received(fields[0], Integer.parseInt(fields[1]), "1".equals(fields[2]),
                    Integer.parseInt(fields[3]), fields[4]);
        }
    }
}
