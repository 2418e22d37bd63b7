package io.mqttools.it.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.bridge.Bridge;
import io.mqttools.bridge.Bridges;
import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.ConfigFile;
import io.mqttools.broker.config.MosquittoConf;
import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MosquittoClients.Received;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import io.mqttools.protocol.QoS;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mqttools broker bridged to a real mosquitto by a mosquitto.conf {@code connection} block: messages
 * both ways with prefixes, QoS and retain kept, no loops on {@code both}, the state notifications, and a
 * QoS 1 message published while the remote broker is down arriving once it is back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BridgeMosquittoIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String STATE = "$SYS/broker/connection/bridge-it/state";

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private RunningBroker local;
    private Bridges bridges;

    /** Our broker as a TestBroker, for the mosquitto clients on this side. */
    private record Local(int port) implements TestBroker {
        @Override
        public boolean isMqttools() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        if (bridges != null) {
            bridges.close();
        }
        if (local != null) {
            local.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private RemoteMosquitto remote(String extra) {
        return keep(new RemoteMosquitto(dir, "allow_anonymous true\n" + extra));
    }

    /** Our broker on a free port, started from a mosquitto.conf with this bridge block, and its bridges. */
    private Bridge bridge(String connection) throws Exception {
        Bridge b = startBridge(connection);
        await().atMost(WAIT).until(b::isConnected);
        return b;
    }

    private Bridge startBridge(String connection) throws Exception {
        Path conf = Files.writeString(dir.resolve("local.conf"), "listener 0 127.0.0.1\nallow_anonymous true\n"
                + "sys_interval 0\n" + connection);
        ConfigFile file = MosquittoConf.read(conf);
        assertThat(file.warnings()).isEmpty();
        local = Broker.of(file.broker()).start();
        bridges = Bridges.start(file.bridges(), local);
        return bridges.bridges().get(0);
    }

    private static String block(RemoteMosquitto remote, String version, String topics) {
        return "connection it\naddress 127.0.0.1:" + remote.port() + "\nremote_clientid bridge-it\n"
                + "bridge_protocol_version " + version + "\nrestart_timeout 1\n" + topics;
    }

    private Client localClient(List<Message> received, String... filters) throws Exception {
        Client c = keep(Client.builder("127.0.0.1", local.port()).onMessage(received::add).build());
        c.start();
        for (String f : filters) {
            c.subscribe(f, QoS.EXACTLY_ONCE);
        }
        return c;
    }

    private static MosquittoClients clients(TestBroker broker) {
        return new MosquittoClients(broker, MqttVersion.V311);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv50"})
    void out_localPublish_reachesRemoteUnderRemotePrefix_withQosAndRetain(String version) throws Exception {
        RemoteMosquitto remote = remote("");
        bridge(block(remote, version, "topic sensors/# out 1 L/ R/\n"));
        ToolProcess sub = keep(clients(remote).subscribe("-t", "R/#", "-q", "2", "-C", "1"));
        Client pub = localClient(new CopyOnWriteArrayList<>());
        pub.publish(Message.of("L/sensors/t1", "21.5").withQos(QoS.EXACTLY_ONCE).withRetain(true)).get(10, TimeUnit.SECONDS);
        sub.awaitExit(WAIT);
        // QoS 1 on the bridge (the topic line's QoS), the live copy without RETAIN as mosquitto delivers it
        assertThat(MosquittoClients.received(sub)).containsExactly(new Received("R/sensors/t1", 1, false, 4, "21.5"));
        // retained on the remote broker: the bridge kept the retain flag
        ToolProcess late = clients(remote).subscribe("-t", "R/sensors/t1", "-q", "1", "-C", "1");
        late.awaitExit(WAIT);
        assertThat(MosquittoClients.received(late)).containsExactly(new Received("R/sensors/t1", 1, true, 4, "21.5"));
        // not under the local prefix: not bridged
        assertThat(MosquittoClients.received(sub)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv50"})
    void in_remotePublish_reachesLocalUnderLocalPrefix(String version) throws Exception {
        RemoteMosquitto remote = remote("");
        bridge(block(remote, version, "topic cmd/+ in 2 edge/ cloud/\n"));
        List<Message> received = new CopyOnWriteArrayList<>();
        localClient(received, "edge/#");
        clients(remote).publish("-t", "cloud/cmd/reboot", "-q", "2", "-m", "now");
        clients(remote).publish("-t", "cloud/other/x", "-q", "1", "-m", "not bridged");
        clients(remote).publish("-t", "cloud/cmd/stop", "-q", "1", "-m", "later");
        await().atMost(WAIT).until(() -> received.size() >= 2);
        assertThat(received).extracting(Message::topic, Message::payloadAsString, Message::qos)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("edge/cmd/reboot", "now", QoS.EXACTLY_ONCE),
                        org.assertj.core.groups.Tuple.tuple("edge/cmd/stop", "later", QoS.AT_LEAST_ONCE));
        // a retained message comes in retained (5.0: Retain As Published; 3.1.1: try_private), so it is kept here
        clients(remote).publish("-t", "cloud/cmd/mode", "-q", "1", "-r", "-m", "eco");
        await().atMost(WAIT).until(() -> received.size() == 3);
        List<Message> late = new CopyOnWriteArrayList<>();
        localClient(late, "edge/cmd/mode");
        await().atMost(WAIT).until(() -> late.size() == 1);
        assertThat(late.get(0).retain()).isTrue();
        assertThat(late.get(0).payloadAsString()).isEqualTo("eco");
    }

    /** 5.0: No Local on both sides; 3.1.1: No Local here, try_private's bridge mark (0x84) on mosquitto. */
    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv50"})
    void both_messagesCrossOnceEachWay_noLoop(String version) throws Exception {
        RemoteMosquitto remote = remote("");
        bridge(block(remote, version, "topic chat/# both 1\n"));
        List<Message> localReceived = new CopyOnWriteArrayList<>();
        Client localPub = localClient(localReceived, "chat/#");
        ToolProcess remoteSub = keep(clients(remote).subscribe("-t", "chat/#", "-q", "1"));
        localPub.publish(Message.of("chat/from-local", "a").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        remoteSub.awaitStdoutLine(l -> l.contains("chat/from-local"), WAIT);
        clients(remote).publish("-t", "chat/from-remote", "-q", "1", "-m", "b");
        await().atMost(WAIT).until(() -> localReceived.stream().anyMatch(m -> m.topic().equals("chat/from-remote")));
        remoteSub.awaitStdoutLine(l -> l.contains("chat/from-remote"), WAIT);
        // a last message through the whole round: anything echoed before it would have arrived by now
        localPub.publish(Message.of("chat/end", "z").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        remoteSub.awaitStdoutLine(l -> l.contains("chat/end"), WAIT);
        clients(remote).publish("-t", "chat/end-remote", "-q", "1", "-m", "z");
        await().atMost(WAIT).until(() -> localReceived.stream().anyMatch(m -> m.topic().equals("chat/end-remote")));
        assertThat(localReceived).extracting(Message::topic)
                .containsExactly("chat/from-local", "chat/from-remote", "chat/end", "chat/end-remote");
        assertThat(MosquittoClients.received(remoteSub)).extracting(Received::topic)
                .containsExactly("chat/from-local", "chat/from-remote", "chat/end", "chat/end-remote");
    }

    @Test
    void notifications_retainedStateOnBothSides_followTheConnection() throws Exception {
        RemoteMosquitto remote = remote("");
        Bridge b = bridge(block(remote, "mqttv311", "topic x/# out 0\n"));
        TestBroker ours = new Local(local.port());
        assertThat(state(ours)).isEqualTo("1");
        assertThat(state(remote)).isEqualTo("1");
        remote.stop();
        await().atMost(WAIT).until(() -> !b.isConnected());
        await().atMost(WAIT).until(() -> state(ours).equals("0"));
        remote.start();
        await().atMost(WAIT).until(b::isConnected);
        await().atMost(WAIT).until(() -> state(ours).equals("1"));
        assertThat(state(remote)).isEqualTo("1");
    }

    private static String state(TestBroker broker) {
        ToolProcess sub = clients(broker).subscribe("-t", STATE, "-C", "1");
        sub.awaitExit(WAIT);
        List<Received> got = MosquittoClients.received(sub);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).retained()).isTrue();
        return got.get(0).payload();
    }

    @Test
    void qos1_publishedWhileRemoteIsDown_arriveInOrderAfterItRestarts() throws Exception {
        Path data = Files.createDirectories(dir.resolve("remote-data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        RemoteMosquitto remote = remote("persistence true\npersistence_location " + data + "/\n");
        Bridge b = bridge(block(remote, "mqttv311", "topic q/# out 1\n"));
        // a persistent subscriber on the remote side, offline while the message arrives
        clients(remote).subscribe("-t", "q/#", "-q", "1", "-c", "-i", "remote-sub", "-E").awaitExit(WAIT);
        remote.stop();
        await().atMost(WAIT).until(() -> !b.isConnected());
        Client pub = localClient(new CopyOnWriteArrayList<>());
        for (int i = 1; i <= 3; i++) {
            pub.publish(Message.of("q/while-down", "kept" + i).withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        }
        remote.start();
        await().atMost(WAIT).until(b::isConnected);
        // the queued message may come before the SUBACK, and -C 1 exits on it: no waiting for the SUBACK
        ToolProcess sub = clients(remote).startSubscriber("-t", "q/#", "-q", "1", "-c", "-i", "remote-sub", "-C", "3");
        sub.awaitExit(WAIT);
        assertThat(MosquittoClients.received(sub)).containsExactly(new Received("q/while-down", 1, false, 5, "kept1"),
                new Received("q/while-down", 1, false, 5, "kept2"), new Received("q/while-down", 1, false, 5, "kept3"));
    }

    @Test
    void credentials_remoteWithPasswordFile_bridgeLogsIn() throws Exception {
        Path passwords = dir.resolve("passwords");
        ToolProcess.run(List.of(io.mqttools.it.support.ExternalTools.program("mosquitto_passwd", "mosquitto")
                .toString(), "-b", "-c", passwords.toString(), "bridge", "s3cret"), WAIT);
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-r--r--"));
        RemoteMosquitto remote = keep(new RemoteMosquitto(dir, "allow_anonymous false\npassword_file " + passwords + "\n"));
        bridge(block(remote, "mqttv50", "topic auth/# in 1\nremote_username bridge\nremote_password s3cret\n"));
        List<Message> received = new CopyOnWriteArrayList<>();
        localClient(received, "auth/#");
        ToolProcess.run(List.of(io.mqttools.it.support.ExternalTools.mosquittoPub().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(remote.port()), "-u", "bridge", "-P", "s3cret", "-t", "auth/ok", "-q", "1",
                "-m", "in"), WAIT);
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).topic()).isEqualTo("auth/ok");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(io.mqttools.it.support.ExternalTools.program("openssl", "openssl")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s: %s", command, out).isTrue();
    }

    /** A CA, a server certificate for CN=localhost and a client certificate, readable by mosquitto's user. */
    private Path certificates() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=mqttools bridge test CA");
        for (String name : List.of("server", "client")) {
            openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=localhost");
            openssl(certs, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", name + ".pem", "-days", "2");
        }
        Path caPath = Files.createDirectories(certs.resolve("capath"));
        Files.copy(certs.resolve("ca.pem"), caPath.resolve("ca.crt"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(certs, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(certs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        return certs;
    }

    private RemoteMosquitto tlsRemote(Path certs) {
        return remote("cafile " + certs.resolve("ca.pem") + "\ncertfile " + certs.resolve("server.pem")
                + "\nkeyfile " + certs.resolve("server.key") + "\nrequire_certificate true\n");
    }

    @Test
    void tls_remoteRequiresClientCertificate_bridgeConnectsWithCaPathAndCertificate() throws Exception {
        Path certs = certificates();
        RemoteMosquitto remote = tlsRemote(certs);
        // the certificate names localhost, the address is 127.0.0.1: bridge_insecure skips the host name check
        bridge(block(remote, "mqttv311", "topic tls/# both 1\nbridge_capath " + certs.resolve("capath")
                + "\nbridge_certfile " + certs.resolve("client.pem") + "\nbridge_keyfile " + certs.resolve("client.key")
                + "\nbridge_insecure true\nbridge_tls_version tlsv1.2\n"));
        List<Message> received = new CopyOnWriteArrayList<>();
        localClient(received, "tls/#");
        ToolProcess.run(List.of(io.mqttools.it.support.ExternalTools.mosquittoPub().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(remote.port()), "--cafile", certs.resolve("ca.pem").toString(), "--cert",
                certs.resolve("client.pem").toString(), "--key", certs.resolve("client.key").toString(), "--insecure",
                "-t", "tls/in", "-q", "1", "-m", "secure"), WAIT);
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).payloadAsString()).isEqualTo("secure");
    }

    @Test
    void tls_hostNameCheckedByDefault_certificateForAnotherNameNeverConnects() throws Exception {
        Path certs = certificates();
        RemoteMosquitto remote = tlsRemote(certs);
        Bridge b = startBridge(block(remote, "mqttv311", "topic tls/# both 1\nbridge_cafile " + certs.resolve("ca.pem")
                + "\nbridge_certfile " + certs.resolve("client.pem") + "\nbridge_keyfile "
                + certs.resolve("client.key") + "\n"));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> !b.isConnected());
    }

    /**
     * mosquitto's bridge marks its 3.1.1 CONNECT (level 0x84, try_private); the broker accepts it, as mosquitto
     * does, and sends the bridge none of its own messages back, so a {@code both} topic does not loop.
     */
    @Test
    void mosquittoBridgesIntoOurBroker_withTheBridgeLevel_bothDirectionsNoLoop() throws Exception {
        local = Broker.builder().host("127.0.0.1").port(0).sysInterval(Duration.ZERO).build().start();
        List<Message> received = new CopyOnWriteArrayList<>();
        Client ours = localClient(received, "chat/#");
        RemoteMosquitto mosquitto = remote("connection to-mqttools\naddress 127.0.0.1:" + local.port()
                + "\nrestart_timeout 1\ntopic chat/# both 1\n");
        await().atMost(WAIT).until(() -> local.connectionCount() == 2 && local.snapshot().store().subscriptions() == 2);
        ToolProcess theirs = keep(clients(mosquitto).subscribe("-t", "chat/#", "-q", "1"));
        ours.publish(Message.of("chat/from-ours", "a").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        theirs.awaitStdoutLine(l -> l.contains("chat/from-ours"), WAIT);
        clients(mosquitto).publish("-t", "chat/from-mosquitto", "-q", "1", "-m", "b");
        await().atMost(WAIT).until(() -> received.stream().anyMatch(m -> m.topic().equals("chat/from-mosquitto")));
        theirs.awaitStdoutLine(l -> l.contains("chat/from-mosquitto"), WAIT);
        // a last message each way: an echo of the first two would have arrived before these
        ours.publish(Message.of("chat/end", "z").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        theirs.awaitStdoutLine(l -> l.contains("chat/end"), WAIT);
        clients(mosquitto).publish("-t", "chat/end-mosquitto", "-q", "1", "-m", "z");
        await().atMost(WAIT).until(() -> received.stream().anyMatch(m -> m.topic().equals("chat/end-mosquitto")));
        theirs.awaitStdoutLine(l -> l.contains("chat/end-mosquitto"), WAIT);
        assertThat(received).extracting(Message::topic)
                .containsExactly("chat/from-ours", "chat/from-mosquitto", "chat/end", "chat/end-mosquitto");
        assertThat(MosquittoClients.received(theirs)).extracting(Received::topic)
                .containsExactly("chat/from-ours", "chat/from-mosquitto", "chat/end", "chat/end-mosquitto");
    }
}
