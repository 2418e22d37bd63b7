package io.mqttools.it.broker;

import static io.mqttools.it.support.MosquittoClients.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.TestFiles;
import io.mqttools.it.support.ToolProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mqttools broker -c mosquitto.conf} as a process, and the same files given to mosquitto itself: both
 * brokers must start from them and behave alike towards mosquitto_pub/sub over TCP and paho-mqtt for Python
 * over WebSockets. That proves the files mean the same to both, not only to our parser.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigFileIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int LARGE = 300_000;

    @TempDir
    Path dir;

    /** A broker process started from a configuration file. */
    private static ToolProcess start(String broker, Path conf, int port, String... extra) {
        List<String> command = new ArrayList<>();
        if (broker.equals("mqttools")) {
            command.addAll(List.of(ExternalTools.java().toString(), "-jar", cliJar().toString(), "broker", "-c",
                    conf.toString()));
        } else {
            command.addAll(List.of(ExternalTools.mosquitto().toString(), "-c", conf.toString()));
        }
        command.addAll(List.of(extra));
        ToolProcess p = ToolProcess.start(command);
        Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                .until(() -> accepts(port) || !p.isAlive());
        if (!p.isAlive()) {
            fail(broker + " did not start from " + conf + ": " + p.describe());
        }
        return p;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static TestBroker on(int port) {
        return TestBroker.onPort(port); // the test stops the process
    }

    @Test
    void tutorialFile_verbatim_mosquittoClientsExchangeOnPort1883() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(1883));
        } catch (IOException busy) {
            // the tutorial's file names port 1883; on a developer machine something else may hold it
            Assumptions.assumeTrue("true".equals(System.getenv("CI")), "port 1883 is in use: " + busy);
        }
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener 1883\nallow_anonymous true\n");
        try (ToolProcess broker = start("mqttools", conf, 1883)) {
            broker.awaitAnyLine(l -> l.contains("listening on *:1883 (mqtt)"), STARTUP);
            MosquittoClients clients = new MosquittoClients(on(1883), MqttVersion.V311);
            try (ToolProcess sub = clients.subscribe("-t", "tutorial/#", "-C", "1")) {
                new MosquittoClients(on(1883), MqttVersion.V5).publish("-t", "tutorial/hello", "-m", "world");
                int exit;
                try {
                    exit = sub.awaitExit(MosquittoClients.STEP);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- broker: " + broker.describe(), e);
                }
                assertThat(exit).as(sub.describe()).isZero();
                assertThat(received(sub)).extracting(MosquittoClients.Received::payload).containsExactly("world");
            }
            assertThat(broker.stderr()).noneMatch(l -> l.startsWith("warning:"));
        }
    }

    /** A file using directives both brokers support, with an include_dir adding a third listener. */
    private Path fullConf(int tcp, int ws, int included) throws IOException {
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("10-extra.conf"), "# added by include_dir\nlistener " + included + " 127.0.0.1\n");
        Files.writeString(confD.resolve("ignored.txt"), "not a configuration file\n");
        return Files.writeString(dir.resolve("full.conf"), String.join("\n",
                "# the same file runs mosquitto and mqttools",
                "per_listener_settings false",
                "allow_anonymous true",
                "listener " + tcp + " 127.0.0.1",
                "protocol mqtt",
                "max_connections 100",
                "",
                "listener " + ws + " 127.0.0.1",
                "protocol websockets",
                "max_inflight_messages 10",
                "max_queued_messages 1000",
                "max_packet_size 1000000",
                "max_keepalive 120",
                "persistence false",
                "retain_available true",
                "log_type error",
                "log_type warning",
                "log_type information",
                "log_dest stderr",
                "include_dir " + confD,
                ""));
    }

    @ParameterizedTest(name = "{0} MQTT {1}")
    @CsvSource({"mqttools,V311", "mqttools,V5", "mosquitto,V311", "mosquitto,V5"})
    void fullFile_webSocketAndTcpClients_exchangeALargeQos1Message(String broker, MqttVersion version) throws Exception {
        ExternalTools.PythonPaho python = ExternalTools.pythonWithPaho();
        int tcp = FreePort.find();
        int ws = FreePort.find();
        int included = FreePort.find();
        Path conf = fullConf(tcp, ws, included);
        Path script = dir.resolve("paho_ws_client.py");
        try (InputStream in = ConfigFileIT.class.getResourceAsStream("/paho_ws_client.py")) {
            assertThat(in).as("paho_ws_client.py on the test classpath").isNotNull();
            Files.copy(in, script);
        }
        String root = "ws/" + broker + "/" + version;
        try (ToolProcess b = start(broker, conf, ws)) {
            Awaitility.await().atMost(STARTUP).until(() -> accepts(tcp) && accepts(included));
            MosquittoClients overTcp = new MosquittoClients(on(tcp), version);
            try (ToolProcess sub = overTcp.subscribe("-t", root + "/python", "-q", "1", "-C", "1");
                 ToolProcess py = ToolProcess.start(List.of(python.python().toString(), "-u", script.toString(),
                         "127.0.0.1", Integer.toString(ws), Integer.toString(version == MqttVersion.V5 ? 5 : 311), root,
                         "py-" + version, Integer.toString(LARGE)))) {
                py.awaitStdoutLine("READY"::equals, STARTUP);
                new MosquittoClients(on(included), version).publish("-t", root + "/tcp", "-q", "1", "-m",
                        "hello from tcp");
                assertThat(py.awaitExit(STARTUP)).as("%s with paho-mqtt %s: %s", broker, python.pahoVersion(),
                        py.describe()).isZero();
                String sent = py.stdout().stream().filter(l -> l.startsWith("SENT|")).findFirst().orElseThrow();
                String hash = sent.split("\\|")[2];
                assertThat(py.stdout()).contains("CONNACK|0", "RECEIVED|" + root + "/python|1|" + LARGE + "|" + hash,
                        "DONE").anyMatch(l -> l.startsWith("RECEIVED|" + root + "/tcp|1|14|"));
                assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
                assertThat(received(sub)).singleElement().extracting(MosquittoClients.Received::length)
                        .isEqualTo(LARGE);
            }
            if (broker.equals("mqttools")) {
                assertThat(b.stderr()).as(b.describe()).noneMatch(l -> l.startsWith("warning:"));
            }
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ExternalTools.program("openssl", "openssl").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    /** A CA, and a server and a client certificate it signed, in {@link #dir}. */
    private void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=mqttools test CA");
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2");
        }
        TestFiles.readableByAll(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqttools", "mosquitto"})
    void tlsFile_clientWithCertificateExchanges_clientWithoutIsRefused(String broker) throws Exception {
        makeCertificates();
        int port = FreePort.find();
        Path conf = Files.writeString(dir.resolve("tls.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "tls_version tlsv1.2",
                "allow_anonymous true", ""));
        String[] tls = {"--cafile", dir.resolve("ca.pem").toString(), "--insecure"}; // --insecure: CN is not 127.0.0.1
        String[] cert = {"--cert", dir.resolve("client.pem").toString(), "--key", dir.resolve("client.key").toString()};
        try (ToolProcess b = start(broker, conf, port)) {
            MosquittoClients clients = new MosquittoClients(on(port), MqttVersion.V5);
            List<String> subArgs = new ArrayList<>(List.of(tls));
            subArgs.addAll(List.of(cert));
            subArgs.addAll(List.of("-t", "tls/t", "-q", "1", "-C", "1"));
            try (ToolProcess sub = clients.subscribe(subArgs.toArray(String[]::new))) {
                List<String> pubArgs = new ArrayList<>(List.of(tls));
                pubArgs.addAll(List.of(cert));
                pubArgs.addAll(List.of("-t", "tls/t", "-q", "1", "-m", "secret"));
                clients.publish(pubArgs.toArray(String[]::new));
                assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
                assertThat(received(sub)).extracting(MosquittoClients.Received::payload).containsExactly("secret");
            }
            List<String> noCert = new ArrayList<>(List.of(ExternalTools.mosquittoPub().toString(), "-h", "127.0.0.1",
                    "-p", Integer.toString(port)));
            noCert.addAll(List.of(tls));
            noCert.addAll(List.of("-t", "tls/t", "-m", "intruder"));
            try (ToolProcess refused = ToolProcess.start(noCert)) {
                assertThat(refused.awaitExit(MosquittoClients.STEP)).as(refused.describe()).isNotZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqttools", "mosquitto"})
    void perListenerSettings_passwordsOnOneListener_anonymousOnTheOther(String broker) throws Exception {
        int secured = FreePort.find();
        int open = FreePort.find();
        // alice:secret, by mosquitto_passwd 2.0.11
        Path passwords = Files.writeString(dir.resolve("passwords"), "alice:$7$101$8Bq72Bp4DloO92MD$y7CEB7BAu7//0cYtCnk"
                + "GNeGAayNWKp+Zc9JAO+ELMcacF/KprKS0TCLIMpQoRYlXW0VTwjIoBBUJQAoKAlGzyw==\n");
        Path conf = Files.writeString(dir.resolve("per-listener.conf"), String.join("\n",
                "per_listener_settings true",
                "listener " + secured + " 127.0.0.1",
                "password_file " + passwords,
                "allow_anonymous false",
                "listener " + open + " 127.0.0.1",
                "allow_anonymous true", ""));
        TestFiles.readableByAll(dir); // mosquitto started as root reads the password file as the user mosquitto
        try (ToolProcess b = start(broker, conf, secured)) {
            Awaitility.await().atMost(STARTUP).until(() -> accepts(open));
            assertThat(publishExit(open)).as("anonymous on the open listener").isZero();
            assertThat(publishExit(secured)).as("anonymous on the listener with a password file").isNotZero();
            assertThat(publishExit(secured, "-u", "alice", "-P", "secret")).as("alice on it").isZero();
            assertThat(publishExit(open, "-u", "alice", "-P", "wrong")).as("the open listener has no password file")
                    .isZero();
        }
    }

    @Test
    void pidFile_holdsTheProcessIdWhileRunning_removedAfterSigterm() throws Exception {
        int port = FreePort.find();
        Path pid = dir.resolve("run").resolve("mqttools.pid");
        Files.createDirectories(pid.getParent());
        Path conf = Files.writeString(dir.resolve("pid.conf"), "pid_file " + pid + "\nlistener " + port
                + " 127.0.0.1\nallow_anonymous true\n");
        try (ToolProcess broker = start("mqttools", conf, port)) {
            assertThat(Files.readString(pid)).isEqualTo(broker.pid() + "\n");
            broker.signal("TERM");
            assertThat(broker.awaitExit(STARTUP)).as(broker.describe()).isZero();
            assertThat(pid).doesNotExist();
        }
        // a pid_file in a directory that does not exist (Debian's /run/mosquitto for another user): a warning
        Path nowhere = dir.resolve("missing").resolve("m.pid");
        Files.writeString(conf, "pid_file " + nowhere + "\nlistener " + port + " 127.0.0.1\nallow_anonymous true\n");
        try (ToolProcess broker = start("mqttools", conf, port)) {
            broker.awaitAnyLine(l -> l.equals("warning: " + conf + ": cannot write pid_file " + nowhere
                    + ": its directory does not exist"), STARTUP);
            assertThat(accepts(port)).isTrue();
        }
    }

    @Test
    void connectionMessagesFalse_connectsAndDisconnectsNotLogged() throws Exception {
        int port = FreePort.find();
        Path conf = Files.writeString(dir.resolve("quiet.conf"), "connection_messages false\nlistener " + port
                + " 127.0.0.1\nallow_anonymous true\n");
        try (ToolProcess broker = start("mqttools", conf, port)) {
            assertThat(publishExit(port, "-i", "quiet-client")).isZero();
            broker.signal("TERM");
            assertThat(broker.awaitExit(STARTUP)).as(broker.describe()).isZero();
            assertThat(broker.stderr()).as(broker.describe()).anyMatch(l -> l.contains("listening on"))
                    .noneMatch(l -> l.contains("quiet-client"));
        }
    }

    /** mosquitto_pub's exit status for one message to 127.0.0.1:port. */
    private static int publishExit(int port, String... extra) {
        List<String> command = new ArrayList<>(List.of(ExternalTools.mosquittoPub().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-V", "mqttv5", "-t", "per/listener", "-m", "x"));
        command.addAll(List.of(extra));
        try (ToolProcess p = ToolProcess.start(command)) {
            return p.awaitExit(MosquittoClients.STEP);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mqttools", "mosquitto"})
    void unknownDirective_brokerRefusesToStart(String broker) throws Exception {
        int port = FreePort.find();
        Path conf = Files.writeString(dir.resolve("bad.conf"), "listener " + port + " 127.0.0.1\nlistener_typo 1884\n");
        List<String> command = broker.equals("mqttools")
                ? List.of(ExternalTools.java().toString(), "-jar", cliJar().toString(), "broker", "-c", conf.toString())
                : List.of(ExternalTools.mosquitto().toString(), "-c", conf.toString());
        try (ToolProcess p = ToolProcess.start(command)) {
            int exit = p.awaitExit(STARTUP);
            if (broker.equals("mqttools")) {
                assertThat(exit).as(p.describe()).isEqualTo(2);
                assertThat(p.stderr()).as(p.describe())
                        .containsExactly("error: " + conf + ":2: unknown directive 'listener_typo'");
            } else {
                assertThat(exit).as(p.describe()).isNotZero();
            }
        }
    }

    @Test
    void commandLineOptions_overrideTheFile() throws Exception {
        int inFile = FreePort.find();
        int onCommandLine = FreePort.find();
        Path conf = Files.writeString(dir.resolve("override.conf"),
                "listener " + inFile + " 127.0.0.1\nallow_anonymous true\nlog_type error\n");
        try (ToolProcess broker = start("mqttools", conf, onCommandLine, "--port", Integer.toString(onCommandLine),
                "--log-level", "info")) {
            // --log-level info overrides log_type error: the info line is printed
            broker.awaitAnyLine(l -> l.contains("listening on 127.0.0.1:" + onCommandLine + " (mqtt)"), STARTUP);
            assertThat(accepts(inFile)).as("the file's port is replaced, not added").isFalse();
            MosquittoClients clients = new MosquittoClients(on(onCommandLine), MqttVersion.V5);
            try (ToolProcess sub = clients.subscribe("-t", "override", "-C", "1")) {
                clients.publish("-t", "override", "-m", "yes");
                assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
            }
        }
    }

    private static Path cliJar() {
        String property = System.getProperty("mqttools.jar");
        if (property == null) {
            fail("system property mqttools.jar is not set: run this test through Maven failsafe (mqttools-it/pom.xml)");
        }
        Path jar = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: build it with the reactor (./mvnw -pl mqttools-it -am verify)");
        }
        return jar;
    }
}
