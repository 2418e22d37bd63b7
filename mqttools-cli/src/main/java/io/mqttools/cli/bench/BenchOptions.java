package io.mqttools.cli.bench;

import picocli.CommandLine.Option;

/** Options every bench command shares: how many clients, how they connect, on how many threads. */
final class BenchOptions {
    @Option(names = {"-c", "--clients"}, required = true, paramLabel = "N", description = "Number of clients.")
    int clients;

    @Option(names = "--concurrency", defaultValue = "50", paramLabel = "N",
            description = "Connection handshakes in progress at once, at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event-loop threads all clients share (default: the number of processors).")
    Integer threads;

    @Option(names = "--client-id-prefix", defaultValue = "bench", paramLabel = "PREFIX",
            description = "Client ids are PREFIX-<command>-<random>-<index> (default: ${DEFAULT-VALUE}).")
    String clientIdPrefix;

    /** The problem with these options, or null. */
    String problem() {
        if (clients < 1) {
            return "-c/--clients must be at least 1, not " + clients;
        }
        if (concurrency < 1) {
            return "--concurrency must be at least 1, not " + concurrency;
        }
        if (threads != null && threads < 1) {
            return "--threads must be at least 1, not " + threads;
        }
        return null;
    }

    int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
