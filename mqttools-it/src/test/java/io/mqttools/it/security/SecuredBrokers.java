package io.mqttools.it.security;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.MosquittoBroker;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** mosquitto with a password and ACL file, the mqttools broker with the same, and mosquitto_pub against either. */
final class SecuredBrokers {
    private SecuredBrokers() {
    }

    /** The embedded mqttools broker with these security settings. */
    static TestBroker mqttools(SecurityConfig security) {
        RunningBroker running = Broker.builder().host("127.0.0.1").port(0).security(security).build().start();
        return TestBroker.of(running);
    }

    /** mosquitto with the same settings as {@code security}, in a configuration file of its own in {@code dir}. */
    static TestBroker mosquitto(Path dir, SecurityConfig security) throws IOException {
        StringBuilder conf = new StringBuilder();
        conf.append("allow_anonymous ").append(security.allowAnonymous()).append('\n');
        if (security.passwordFile() != null) {
            conf.append("password_file ").append(security.passwordFile()).append('\n');
        }
        if (security.aclFile() != null) {
            conf.append("acl_file ").append(security.aclFile()).append('\n');
        }
        return MosquittoBroker.start(dir, conf.toString());
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
