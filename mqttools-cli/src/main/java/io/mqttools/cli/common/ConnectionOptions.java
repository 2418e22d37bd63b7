package io.mqttools.cli.common;

import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every client command shares: where the broker is and how to connect to it. */
public final class ConnectionOptions {
    @Option(names = "--host", defaultValue = "localhost", description = "Broker host (default: ${DEFAULT-VALUE}).")
    public String host;

    @Option(names = {"-p", "--port"}, defaultValue = "1883", description = "Broker port (default: ${DEFAULT-VALUE}).")
    public int port;

    @Option(names = {"-i", "--client-id"}, description = "Client id (default: mqttools-<UUID[0..14]>).")
    String clientId;

    @Option(names = {"-k", "--keep-alive"}, defaultValue = "0", paramLabel = "SECONDS",
            description = "Keep alive time in seconds (default: ${DEFAULT-VALUE}). Give as 0 to disable keep alive.")
    int keepAlive;

    @Option(names = "--session-expiry-interval", defaultValue = "0", paramLabel = "SECONDS",
            description = "Session expiry interval in the range 0..0xffffffff (default: ${DEFAULT-VALUE}).")
    long sessionExpiryInterval;

    @Option(names = {"-u", "--username"}, description = "Username.")
    String username;

    @Option(names = {"-P", "--password"}, description = "Password (UTF-8).")
    String password;

    @Option(names = "--scram", description = "Authenticate with SCRAM-SHA-256 (MQTT 5 enhanced authentication) as"
            + " --username with --password; the password itself is not sent.")
    boolean scram;

    @Option(names = "--cafile", paramLabel = "FILE", description = "CA file (PEM): connect over TLS trusting it.")
    Path cafile;

    @Option(names = "--no-check-hostname", description = "Do not check the certificate's hostname.")
    boolean noCheckHostname;

    @Option(names = "--protocol-version", defaultValue = "5", paramLabel = "VERSION",
            description = "MQTT version: 5 or 3.1.1 (also mqttv5, mqttv311) (default: ${DEFAULT-VALUE}).")
    String protocolVersion;

    /** A client builder with these options; connection attempts fail fast (one attempt). */
    public ClientBuilder clientBuilder() {
        if (keepAlive < 0 || keepAlive > 0xFFFF) {
            throw new IllegalArgumentException("--keep-alive must be 0..65535, not " + keepAlive);
        }
        ClientBuilder b = Client.builder(host, port)
                .protocolVersion(version())
                .keepAlive(keepAlive)
                .sessionExpiryInterval(sessionExpiryInterval)
                .connectDelays(List.of());
        if (clientId != null) {
            b.clientId(clientId);
        }
        if (scram) {
            if (username == null || password == null || version() != ProtocolVersion.MQTT_5) {
                throw new IllegalArgumentException("--scram needs --username and --password, and MQTT 5");
            }
            b.scramSha256(username, password);
        } else {
            if (username != null) {
                b.username(username);
            }
            if (password != null) {
                b.password(password.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (cafile != null) {
            b.tls(cafile, !noCheckHostname);
        }
        return b;
    }

    private ProtocolVersion version() {
        return switch (protocolVersion) {
            case "5", "5.0", "mqttv5" -> ProtocolVersion.MQTT_5;
            case "3.1.1", "4", "mqttv311" -> ProtocolVersion.MQTT_3_1_1;
            default -> throw new IllegalArgumentException("--protocol-version must be 5 or 3.1.1, not '" + protocolVersion + "'");
        };
    }

    /** "host:port" as printed in "Connecting to 'host:port'." */
    public String address() {
        return host + ":" + port;
    }
}
