package io.mqttools.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mqttools bench}: the load tool's root; the work is done by its subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load a broker (ours, mosquitto, any other): many connections, publishers or subscribers.",
                "Each prints a progress line once a second and a summary at the end; the exit status is 1 when "
                        + "a connection was refused, failed or lost, a message failed, or sub did not get --count."},
        subcommands = {BenchConnCommand.class, BenchPubCommand.class, BenchSubCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: conn, pub or sub");
    }
}
