package io.mqttools.cli;

import io.mqttools.cli.broker.BrokerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code mqttools} root command. Subcommands are registered in {@link #commandLine()}. */
@Command(name = "mqttools",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "MQTT 5.0 and 3.1.1 broker, client and tools.",
        subcommands = {CommandLine.HelpCommand.class, BrokerCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main() and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
