package io.mqttools.cli.monitor;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.cli.common.Formats;
import io.mqttools.cli.common.LoggingOptions;
import io.mqttools.client.ClientBuilder;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Subscription;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mqttools monitor TOPIC...}: subscribes to the given topic filters and shows, full screen, one entry
 * per topic sorted by topic with the time of its last message, its message count, its current rate and the
 * last message itself, until q or Ctrl-C.
 *
 * <p><b>Why Lanterna rather than JLine 3.</b> The monitor needs a screen it can redraw whole at a fixed rate,
 * keys (arrows, pages, Ctrl-C) and resizes, and it needs to be tested without a real terminal.
 * <ul>
 *   <li>Lanterna's {@code Screen} is double-buffered and sends only the cells that changed, which is exactly
 *       the draw-everything-ten-times-a-second model; JLine's {@code Display} diffs lines and is built
 *       around line editing.</li>
 *   <li>Lanterna's {@code DefaultVirtualTerminal} is an in-memory terminal with cell access, input injection
 *       and resizing, so the unit tests assert on screen text; JLine's dumb terminal does not interpret
 *       cursor movement, so tests would have to parse escape sequences.</li>
 *   <li>Lanterna is one jar of plain Java with no dependencies and no native code, which keeps the shaded
 *       jar portable; JLine 3's raw mode goes through terminal providers (JNA, Jansi, FFM or exec) whose
 *       native parts and service files need care when shaded.</li>
 * </ul>
 * The costs: Lanterna is LGPL-3.0 (shipped unmodified in the shaded jar), it sets the terminal mode by
 * running {@code stty}, so it needs a Unix-like system, and it has no Windows console support.
 */
@Command(name = "monitor",
        mixinStandardHelpOptions = true,
        description = {"Monitor topics in a full-screen terminal view: per topic the time of the last message, "
                + "the message count and rate, and the last message. Reconnects by itself.",
                "",
                "Keys: q or Ctrl-C quit, p plays/pauses (messages are still counted), f cycles the format "
                        + "(auto|binary|text), arrows and PgUp/PgDn/Home/End scroll."})
public final class MonitorCommand implements Callable<Integer> {
    /** Payload bytes kept per topic: far more than any screen shows, and a bound on memory. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final Duration FRAME_PERIOD = Duration.ofMillis(100);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TOPIC", description = "Topic filter(s) to subscribe to.")
    List<String> topics = new ArrayList<>();

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = {"-q", "--qos"}, defaultValue = "0",
            description = "Maximum QoS of the subscriptions: 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--retain-handling", paramLabel = "0|1|2",
            description = {"Retain handling of the subscriptions, once per topic in order; the last value given "
                    + "is used for the remaining topics (default: 0)."})
    List<Integer> retainHandling = new ArrayList<>();

    @Option(names = "--message-format", defaultValue = "auto", paramLabel = "auto|binary|text",
            description = "Initial message format (default: ${DEFAULT-VALUE}); the f key cycles through them.")
    String messageFormat;

    @Option(names = "--message-lines", defaultValue = "3",
            description = "Lines a message may take at most before it is cut (default: ${DEFAULT-VALUE}).")
    int messageLines;

    @Option(names = "--max-topics", defaultValue = "10000",
            description = "Topics tracked at most; messages of further topics are only counted (default: ${DEFAULT-VALUE}).")
    int maxTopics;

    @Override
    public Integer call() throws IOException {
        PayloadFormat format = PayloadFormat.valueOf(Formats.parse(spec, messageFormat).name());
        if (messageLines < 1 || maxTopics < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--message-lines and --max-topics must be at least 1");
        }
        ClientBuilder builder = clientBuilder();
        if (System.console() == null) {
            spec.commandLine().getErr().println("mqttools monitor needs an interactive terminal.");
            return 1;
        }
        String target = connection.address();
        TopicTable table = new TopicTable(maxTopics, MAX_PAYLOAD_BYTES, System::currentTimeMillis);
        MonitorView view = new MonitorView(table, format, System::currentTimeMillis);
        MonitorRenderer renderer = new MonitorRenderer(target, ZoneId.systemDefault(), messageLines);
        try (StderrCapture ignored = StderrCapture.start();
             Terminal terminal = new DefaultTerminalFactory(System.out, System.in, Charset.defaultCharset())
                     .setForceTextTerminal(true)
                     .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                     .createTerminal();
             ClientMessageSource source = new ClientMessageSource(builder, target, System::currentTimeMillis)) {
            source.start(table);
            new MonitorUi(new TerminalScreen(terminal), view, renderer, FRAME_PERIOD).run();
        }
        return 0;
    }

    /** The client's options from the command line; invalid values become usage errors before the screen starts. */
    ClientBuilder clientBuilder() {
        List<Subscription> subscriptions = subscriptions();
        try {
            ClientBuilder b = connection.clientBuilder();
            subscriptions.forEach(b::subscription);
            return b;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** One subscription per topic; the n-th --retain-handling applies to the n-th topic, the last to the rest. */
    List<Subscription> subscriptions() {
        if (retainHandling.size() > topics.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--retain-handling was given more often than there are topics");
        }
        QoS maxQos = Formats.qos(spec, qos);
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            int value = retainHandling.isEmpty() ? 0 : retainHandling.get(Math.min(i, retainHandling.size() - 1));
            if (value < 0 || value > 2) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--retain-handling must be 0, 1 or 2, not " + value);
            }
            subscriptions.add(new Subscription(topics.get(i), maxQos, false, false, RetainHandling.of(value)));
        }
        return subscriptions;
    }
}
