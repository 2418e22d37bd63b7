package io.mqttools.it.security;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/** mosquitto with a password and ACL file, the mqttools broker with the same, and mosquitto_pub against either. */
final class SecuredBrokers {
    private SecuredBrokers() {
    }

    /** The embedded mqttools broker with these security settings. */
    static TestBroker mqttools(SecurityConfig security) {
        RunningBroker running = Broker.builder().host("127.0.0.1").port(0).security(security).build().start();
        return new TestBroker() {
            @Override
            public int port() {
                return running.port();
            }

            @Override
            public boolean isMqttools() {
                return true;
            }

            @Override
            public void close() {
                running.close();
            }
        };
    }

    /** mosquitto with the same settings as {@code security}, in a configuration file of its own. */
    static TestBroker mosquitto(Path dir, SecurityConfig security) throws IOException {
        int port = FreePort.find();
        StringBuilder conf = new StringBuilder("listener " + port + " 127.0.0.1\n");
        conf.append("allow_anonymous ").append(security.allowAnonymous()).append('\n');
        if (security.passwordFile() != null) {
            conf.append("password_file ").append(security.passwordFile()).append('\n');
        }
        if (security.aclFile() != null) {
            conf.append("acl_file ").append(security.aclFile()).append('\n');
        }
        Path file = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(file, conf);
        readableByAll(dir);
        ToolProcess process = ToolProcess.start(List.of(ExternalTools.mosquitto().toString(), "-c", file.toString()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto did not start: " + process.describe());
        }
        return new TestBroker() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public boolean isMqttools() {
                return false;
            }

            @Override
            public void close() {
                process.close();
            }
        };
    }

    /** mosquitto started as root runs as its own user, which must still read the files. */
    static void readableByAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs mosquitto_pub with {@code -d} to its end, whatever its exit code.
     *
     * @return the finished process, for its exit code and the CONNACK/PUBACK lines it printed
     */
    static ToolProcess publish(TestBroker broker, MqttVersion version, String... args) {
        List<String> command = new ArrayList<>(List.of(ExternalTools.mosquittoPub().toString(), "-d", "-h", broker.host(),
                "-p", Integer.toString(broker.port()), "-V", version.mosquittoName()));
        command.addAll(Arrays.asList(args));
        ToolProcess p = ToolProcess.start(command);
        p.awaitExit(Duration.ofSeconds(15));
        return p;
    }

    /** The line mosquitto_pub printed for the packet (e.g. "received CONNACK"), without its client id. */
    static String line(ToolProcess pub, String what) {
        return java.util.stream.Stream.concat(pub.stdout().stream(), pub.stderr().stream())
                .filter(l -> l.contains(what)).findFirst()
                .map(l -> l.substring(l.indexOf(what)))
                .orElseThrow(() -> new AssertionError("no '" + what + "' line from " + pub.describe()));
    }
}
