package io.mqttools.cli.common;

import picocli.CommandLine.Option;

/**
 * {@code --debug} and {@code --log-level} after a client subcommand, as well as before it (on the root
 * command). The root's error handler looks for {@code --debug} on every command of the line.
 */
public final class LoggingOptions {
    @Option(names = "--debug", description = "Print the stack trace of errors.")
    boolean debug;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Log level: trace, debug, info, warn, error or off (default: warn).")
    void logLevel(String level) {
        // The logging provider (io.mqttools.cli.common.log) reads this when the first logger is created, which is after option parsing.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }
}
