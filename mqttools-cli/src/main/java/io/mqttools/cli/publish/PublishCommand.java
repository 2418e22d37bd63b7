package io.mqttools.cli.publish;

import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.cli.common.Formats;
import io.mqttools.cli.common.LoggingOptions;
import io.mqttools.cli.common.MessageFormat;
import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.client.Message;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mqttools publish}: publish a message, or --count generated ones from concurrent publishers. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish the given message to the given topic, --count times.",
                "",
                "Without a message, each payload is its zero-padded number filled with 0xa5 bytes to --size. "
                        + "--message-format: text sends the message's UTF-8 bytes; binary reads it as hex digits "
                        + "(0x prefix optional); auto (default) sends it as text unless it is 0x followed by an even "
                        + "number of hex digits, so '11' is sent as the two characters, never as the byte 0x11.",
                "",
                "The time printed covers delivery: QoS 0 until written to the socket, QoS 1 and 2 until "
                        + "acknowledged by the broker."})
public final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "Topic to publish to (instead of the positional one).")
    String topicOption;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Message (instead of the positional one).")
    String messageOption;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "Quality of service: 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-r", "--retain"}, description = "Retain the message.")
    boolean retain;

    @Option(names = "--count", defaultValue = "1", description = "Number of times to publish the message (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", defaultValue = "10", description = "Generated message size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--concurrency", defaultValue = "10",
            description = "Concurrent publishers for --count (default: ${DEFAULT-VALUE}, at most --count).")
    int concurrency;

    @Option(names = "--message-format", defaultValue = "auto", paramLabel = "auto|binary|text",
            description = "How to read the message (default: ${DEFAULT-VALUE}).")
    String messageFormat;

    @Option(names = "--response-topic", description = "Response topic (MQTT 5).")
    String responseTopic;

    @Option(names = "--will-topic", description = "Will topic.")
    String willTopic;

    @Option(names = "--will-message", description = "Will message (UTF-8).")
    String willMessage;

    @Option(names = "--will-qos", defaultValue = "0", description = "Will QoS (default: ${DEFAULT-VALUE}).")
    int willQos;

    @Option(names = "--will-retain", description = "Retain the will message.")
    boolean willRetain;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC", description = "Topic to publish to.")
    String topic;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MESSAGE", description = "Message to publish (default: <counter>\\xa5...).")
    String message;

    @Override
    public Integer call() throws Exception {
        String theTopic = pick("topic", topic, topicOption);
        if (theTopic == null) {
            throw new ParameterException(spec.commandLine(), "Missing topic: give it as the first argument or with -t");
        }
        String theMessage = pick("message", message, messageOption);
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        if (size < 0 || concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--size must be 0 or more and --concurrency at least 1");
        }
        QoS q = Formats.qos(spec, qos);
        MessageFormat format = Formats.parse(spec, messageFormat);
        Bytes fixed;
        try {
            fixed = theMessage == null ? null : format.parse(theMessage);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Bad message: " + e.getMessage());
        }
        ClientBuilder builder = connection.clientBuilder();
        if (willTopic != null) {
            builder.will(willTopic, Bytes.utf8(willMessage == null ? "" : willMessage), Formats.qos(spec, willQos), willRetain);
        }
        Message template = Message.of(theTopic, fixed == null ? Bytes.EMPTY : fixed).withQos(q).withRetain(retain)
                .withResponseTopic(responseTopic);
        GeneratedPayloads generated = new GeneratedPayloads(count, size);
        int tasks = Math.min(concurrency, count);
        PrintWriter out = spec.commandLine().getOut();
        try (Client client = builder.build()) {
            out.println("Connecting to '" + connection.address() + "'.");
            out.println();
            out.flush();
            client.start();
            PublishRun run = new PublishRun(client, count, tasks,
                    n -> fixed != null ? template : new Message(template.topic(), Bytes.wrap(generated.payload(n)),
                            template.qos(), template.retain(), template.responseTopic(), null, java.util.List.of(), null));
            long start = System.nanoTime();
            try (Progress progress = Progress.start(run, count)) {
                CompletableFuture<Void> all = run.execute();
                try {
                    all.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "Published %d message(s) in %.2f seconds from %d concurrent task(s).%n",
                    count, seconds, tasks);
            if (run.notMatched() > 0) {
                out.println(run.notMatched() + " message(s) acknowledged with " + ReasonCode.NO_MATCHING_SUBSCRIBERS + ".");
            }
            out.flush();
        }
        return 0;
    }

    private String pick(String what, String positional, String option) {
        if (positional != null && option != null) {
            throw new ParameterException(spec.commandLine(), "Give the " + what + " either as an argument or as an option, not both");
        }
        return positional != null ? positional : option;
    }
}
