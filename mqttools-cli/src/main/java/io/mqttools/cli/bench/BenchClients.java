package io.mqttools.cli.bench;

import io.mqttools.cli.common.ConnectionOptions;
import io.mqttools.client.ClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Builders of the bench clients: the connection options, a client id per index, no reconnect (a lost
 * connection is counted, not hidden) and the options checked once, up front.
 */
final class BenchClients {
    private final ConnectionOptions connection;
    private final String idPrefix;

    BenchClients(CommandSpec spec, ConnectionOptions connection, BenchOptions bench, String command) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--client-id")) {
            throw new ParameterException(spec.commandLine(), "-i/--client-id names one client; give --client-id-prefix");
        }
        this.connection = connection;
        this.idPrefix = bench.clientIdPrefix + "-" + command + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        try {
            connection.clientBuilder();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The builder of client {@code index}. */
    ClientBuilder builder(int index) {
        return connection.clientBuilder().clientId(idPrefix + index).reconnectDelays(List.of())
                .responseTimeout(Duration.ofSeconds(30));
    }

    /** {@code %i} in a topic or filter replaced by the client's index. */
    static String expand(String topic, int index) {
        return topic.replace("%i", Integer.toString(index));
    }
}
