package io.mqttools.cli.subscribe;

import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.cli.common.Formats;
import io.mqttools.cli.common.LoggingOptions;
import io.mqttools.cli.common.MessageFormat;
import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.client.ConnectionLost;
import io.mqttools.client.Event;
import io.mqttools.client.Message;
import io.mqttools.client.Reconnected;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Subscription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mqttools subscribe}: print the messages published to one or more topic filters. */
@Command(name = "subscribe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Subscribe to the given topic filter(s) and print received messages.",
                "",
                "Each message is printed as a 'Topic:' / 'Message:' block, or with -v as one line 'topic payload'. "
                        + "--message-format auto prints valid UTF-8 text as is and anything else as 0x followed by "
                        + "hex digits; binary always prints hex digits; text always decodes as UTF-8."})
public final class SubscribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = {"-t", "--topic"}, paramLabel = "FILTER", description = "Topic filter (repeatable; in addition to the positional ones).")
    List<String> topicOptions = new ArrayList<>();

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "Maximum QoS of the subscriptions: 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--retain-handling", defaultValue = "0",
            description = "Retain handling for the subscriptions: 0 send, 1 send if new, 2 do not send (default: ${DEFAULT-VALUE}).")
    int retainHandling;

    @Option(names = "--message-format", defaultValue = "auto", paramLabel = "auto|binary|text",
            description = "Message format (default: ${DEFAULT-VALUE}).")
    String messageFormat;

    @Option(names = {"-v", "--verbose"}, description = "Print each message as one line: topic, a space, the payload.")
    boolean verbose;

    @Option(names = {"-C", "--count"}, paramLabel = "N", description = "Exit after N messages (default: run until interrupted).")
    Integer count;

    @Parameters(paramLabel = "TOPIC", arity = "0..*", description = "Topic filter(s) to subscribe to.")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> filters = new ArrayList<>(topics);
        filters.addAll(topicOptions);
        if (filters.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing topic: give at least one topic filter");
        }
        MessageFormat format = Formats.parse(spec, messageFormat);
        QoS maxQos = Formats.qos(spec, qos);
        if (retainHandling < 0 || retainHandling > 2) {
            throw new ParameterException(spec.commandLine(), "--retain-handling must be 0, 1 or 2, not " + retainHandling);
        }
        ClientBuilder builder = connection.clientBuilder();
        for (String filter : filters) {
            builder.subscription(new Subscription(filter, maxQos, false, false, RetainHandling.of(retainHandling)));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Client client = builder.build()) {
            out.println("Connecting to '" + connection.address() + "'.");
            out.flush();
            client.start();
            out.println("Connected.");
            out.println();
            out.flush();
            int received = 0;
            while (count == null || received < count) {
                Event event = client.events().take();
                if (event instanceof Message m) {
                    print(out, m, format);
                    received++;
                } else if (event instanceof ConnectionLost lost) {
                    out.println("Broker connection lost! " + lost.reason());
                    if (!lost.reconnecting()) {
                        out.flush();
                        return 1;
                    }
                } else if (event instanceof Reconnected) {
                    out.println("Reconnected.");
                }
                if (client.events().isEmpty()) {
                    out.flush(); // once per burst, not per message
                }
            }
        }
        return 0;
    }

    private void print(PrintWriter out, Message m, MessageFormat format) {
        if (verbose) {
            out.println(m.topic() + " " + format.format(m.payload()));
            return;
        }
        out.println("Topic:   " + m.topic());
        out.println("Message: " + format.format(m.payload()));
        if (m.retain()) {
            out.println("Retain:  true");
        }
        if (m.responseTopic() != null) {
            out.println("ResponseTopic: " + m.responseTopic());
        }
        out.println();
    }
}
