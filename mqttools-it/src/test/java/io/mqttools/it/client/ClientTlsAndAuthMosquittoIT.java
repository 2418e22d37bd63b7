package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.client.Client;
import io.mqttools.client.ConnectException;
import io.mqttools.client.Message;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS (CA file, hostname check, client certificate) and username/password against mosquitto. */
@Timeout(60)
class ClientTlsAndAuthMosquittoIT {
    @TempDir
    static Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        Tools.onPath("openssl");
        run("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=mqttools client test CA");
        for (String name : List.of("server", "client")) {
            run("/usr/bin/openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=localhost");
            run("/usr/bin/openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", name + ".pem", "-days", "2");
        }
        run(Tools.onPath("mosquitto_passwd").toString(), "-b", "-c", "passwords", "alice", "secret");
        // mosquitto started as root drops to its own user, which must still read these files.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s: %s", List.of(command), out).isTrue();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private MosquittoBroker tlsBroker(boolean requireCertificate) {
        return keep(new MosquittoBroker("allow_anonymous true\ncafile " + dir.resolve("ca.pem") + "\ncertfile "
                + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key") + "\n"
                + (requireCertificate ? "require_certificate true\n" : "")));
    }

    private void roundTrip(Client client) throws Exception {
        client.start();
        client.subscribe("/tls", QoS.AT_LEAST_ONCE);
        client.publish(Message.of("/tls", "secret").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        assertThat(((Message) client.events().poll(10, TimeUnit.SECONDS)).payloadAsString()).isEqualTo("secret");
    }

    @Test
    void tls_caFileAndMatchingHostname_roundTrip() throws Exception {
        MosquittoBroker broker = tlsBroker(false);
        roundTrip(keep(Client.builder("localhost", broker.port()).tls(dir.resolve("ca.pem"), true).build()));
    }

    @Test
    void tls_hostnameNotInCertificate_failsUnlessCheckDisabled() throws Exception {
        MosquittoBroker broker = tlsBroker(false);
        Client checked = keep(Client.builder("127.0.0.1", broker.port()).tls(dir.resolve("ca.pem"), true)
                .connectDelays(List.of()).build());
        assertThatThrownBy(checked::start).isInstanceOf(ConnectException.class);

        roundTrip(keep(Client.builder("127.0.0.1", broker.port()).tls(dir.resolve("ca.pem"), false).build()));
    }

    @Test
    void tls_clientCertificateRequired_connectsWithOne() throws Exception {
        MosquittoBroker broker = tlsBroker(true);
        roundTrip(keep(Client.builder("localhost", broker.port())
                .tls(dir.resolve("ca.pem"), true, dir.resolve("client.pem"), dir.resolve("client.key")).build()));
    }

    @Test
    void tls_cliSubscribeWithCafile_receivesWhatCliPublishes() throws Exception {
        MosquittoBroker broker = tlsBroker(false);
        String port = Integer.toString(broker.port());
        String ca = dir.resolve("ca.pem").toString();
        OutputProcess sub = keep(OutputProcess.cli("subscribe", "--host", "localhost", "-p", port, "--cafile", ca, "-C", "1", "/tls"));
        sub.awaitOutputLine("Connected.", Duration.ofSeconds(30));
        OutputProcess pub = keep(OutputProcess.cli("publish", "--host", "localhost", "-p", port, "--cafile", ca, "/tls", "hello"));
        assertThat(pub.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(sub.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(sub.stdout()).contains("Message: hello");
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void auth_rightPassword_connects_wrongPassword_refusedWithReasonCode(ProtocolVersion version) throws Exception {
        MosquittoBroker broker = keep(new MosquittoBroker("allow_anonymous false\npassword_file " + dir.resolve("passwords") + "\n"));
        Client good = keep(Client.builder("127.0.0.1", broker.port()).protocolVersion(version)
                .username("alice").password("secret".getBytes(StandardCharsets.UTF_8)).build());
        good.start();

        Client bad = keep(Client.builder("127.0.0.1", broker.port()).protocolVersion(version).connectDelays(List.of())
                .username("alice").password("wrong".getBytes(StandardCharsets.UTF_8)).build());
        assertThatThrownBy(bad::start).isInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(((ConnectException) e).reasonCode())
                        .isIn(ReasonCode.BAD_USER_NAME_OR_PASSWORD, ReasonCode.NOT_AUTHORIZED))
                .hasMessageContaining("refused the connection");
    }
}
