package io.mqttools.cli.monitor;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.protocol.RetainHandling;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
        description = {"Monitor topics in a full-screen terminal view: per topic the time of the last message,",
                "the message count and rate, and the last message. Keys: q or Ctrl-C quit, p plays/pauses,",
                "f cycles the format (auto|binary|text), arrows and PgUp/PgDn/Home/End scroll."})
public final class MonitorCommand implements Callable<Integer> {
    /** Payload bytes kept per topic: far more than any screen shows, and a bound on memory. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final Duration FRAME_PERIOD = Duration.ofMillis(100);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TOPIC", description = "Topic filter(s) to subscribe to.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--host", defaultValue = "localhost", description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "1883", description = "Broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-i", "--client-id"}, description = "Client id (default: mqttools-<UUID[0..14]>).")
    String clientId;

    @Option(names = "--keep-alive", defaultValue = "60",
            description = "Keep alive time in seconds, 0 to disable (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--session-expiry-interval", defaultValue = "0",
            description = "Session expiry interval in seconds, 0..4294967295 (default: ${DEFAULT-VALUE}).")
    long sessionExpiryInterval;

    @Option(names = "--retain-handling", paramLabel = "0|1|2",
            description = {"Retain handling of the subscriptions, once per topic in order; the last value given "
                    + "is used for the remaining topics (default: 0)."})
    List<Integer> retainHandling = new ArrayList<>();

    @Option(names = "--cafile", description = "Connect with TLS, trusting the CA certificates in this PEM file.")
    Path cafile;

    @Option(names = "--no-check-hostname", description = "Do not check that the broker's certificate matches the host.")
    boolean noCheckHostname;

    @Option(names = {"-u", "--username"}, description = "User name.")
    String username;

    @Option(names = {"-P", "--password"}, description = "Password.")
    String password;

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
        PayloadFormat format = parseFormat();
        if (messageLines < 1 || maxTopics < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--message-lines and --max-topics must be at least 1");
        }
        ClientBuilder builder = clientBuilder();
        if (System.console() == null) {
            spec.commandLine().getErr().println("mqttools monitor needs an interactive terminal.");
            return 1;
        }
        String target = host + ":" + port;
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

    private PayloadFormat parseFormat() {
        try {
            return PayloadFormat.valueOf(messageFormat.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--message-format must be auto, binary or text, not '" + messageFormat + "'");
        }
    }

    /** The client's options from the command line; invalid values become usage errors before the screen starts. */
    ClientBuilder clientBuilder() {
        if (retainHandling.size() > topics.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--retain-handling was given more often than there are topics");
        }
        try {
            ClientBuilder b = Client.builder(host, port)
                    .keepAlive(keepAlive)
                    .sessionExpiryInterval(sessionExpiryInterval);
            for (int i = 0; i < topics.size(); i++) {
                if (retainHandling.isEmpty()) {
                    b.subscription(topics.get(i));
                } else {
                    int value = retainHandling.get(Math.min(i, retainHandling.size() - 1));
                    b.subscription(topics.get(i), RetainHandling.of(value));
                }
            }
            if (clientId != null) {
                b.clientId(clientId);
            }
            if (cafile != null) {
                b.tls(cafile, !noCheckHostname);
            }
            if (username != null) {
                b.username(username);
            }
            if (password != null) {
                b.password(password.getBytes(StandardCharsets.UTF_8));
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
