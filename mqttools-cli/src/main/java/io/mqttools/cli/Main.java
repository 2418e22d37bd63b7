package io.mqttools.cli;

import io.mqttools.cli.bench.BenchCommand;
import io.mqttools.cli.broker.BrokerCommand;
import io.mqttools.cli.monitor.MonitorCommand;
import io.mqttools.cli.passwd.PasswdCommand;
import io.mqttools.cli.publish.PublishCommand;
import io.mqttools.cli.subscribe.SubscribeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code mqttools} root command. Subcommands are registered in the annotation's list. */
@Command(name = "mqttools",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "MQTT 5.0 and 3.1.1 broker, client and tools.",
        subcommands = {CommandLine.HelpCommand.class, BrokerCommand.class, SubscribeCommand.class, PublishCommand.class,
                MonitorCommand.class, PasswdCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    // Also accepted after the client subcommands (their LoggingOptions mixin); the broker command has its own.
    @Option(names = "--debug", description = "Print the stack trace of errors.")
    boolean debug;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
            description = "Log level: trace, debug, info, warn, error or off (default: ${DEFAULT-VALUE}).")
    void logLevel(String level) {
        // The logging provider (io.mqttools.cli.common.log) reads this when the first logger is created, which is after option parsing.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main() and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (debugRequested(parseResult)) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("error: " + message(e));
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** --debug may be given on the root or on a subcommand. */
    private static boolean debugRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
