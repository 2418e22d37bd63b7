package io.mqttools.it.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mqttools broker -c FILE} with a connection block, as a process: the bridge runs, and bad blocks exit 2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BridgeCommandIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private record Port(int port) implements TestBroker {
        @Override
        public boolean isMqttools() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static List<String> broker(Path conf) {
        String jar = System.getProperty("mqttools.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("system property mqttools.jar does not name the CLI jar: run this test through Maven failsafe");
        }
        return List.of(ExternalTools.java().toString(), "-jar", jar, "broker", "-c", conf.toString());
    }

    @Test
    void brokerCommand_connectionBlock_bridgesBothWaysToMosquitto() throws Exception {
        try (RemoteMosquitto remote = new RemoteMosquitto(dir, "allow_anonymous true\n")) {
            int port = FreePort.find();
            Path conf = Files.writeString(dir.resolve("mosquitto.conf"), """
                    listener %d 127.0.0.1
                    allow_anonymous true

                    connection cloud
                    address 127.0.0.1:%d
                    remote_clientid edge
                    topic up/# out 1 "" site1/
                    topic down/# in 1 "" site1/
                    """.formatted(port, remote.port()));
            try (ToolProcess broker = ToolProcess.start(broker(conf))) {
                broker.awaitAnyLine(l -> l.contains("bridge cloud: connected to 127.0.0.1:" + remote.port()), STARTUP);
                assertThat(broker.stderr()).noneMatch(l -> l.startsWith("warning:"));
                MosquittoClients ours = new MosquittoClients(new Port(port), MqttVersion.V311);
                MosquittoClients theirs = new MosquittoClients(remote, MqttVersion.V311);
                try (ToolProcess remoteSub = theirs.subscribe("-t", "site1/up/#", "-q", "1", "-C", "1");
                     ToolProcess localSub = ours.subscribe("-t", "down/#", "-q", "1", "-C", "1")) {
                    ours.publish("-t", "up/temp", "-q", "1", "-m", "20");
                    theirs.publish("-t", "site1/down/cmd", "-q", "1", "-m", "go");
                    remoteSub.awaitExit(MosquittoClients.STEP);
                    localSub.awaitExit(MosquittoClients.STEP);
                    assertThat(MosquittoClients.received(remoteSub)).extracting(MosquittoClients.Received::topic,
                            MosquittoClients.Received::payload).containsExactly(org.assertj.core.groups.Tuple.tuple(
                                    "site1/up/temp", "20"));
                    assertThat(MosquittoClients.received(localSub)).extracting(MosquittoClients.Received::topic,
                            MosquittoClients.Received::payload).containsExactly(org.assertj.core.groups.Tuple.tuple(
                                    "down/cmd", "go"));
                }
            }
        }
    }

    @Test
    void brokerCommand_badBridgeLine_exit2WithFileAndLine() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"),
                "listener 0\nconnection c\naddress 127.0.0.1\ntopic x/# sideways\n");
        try (ToolProcess p = ToolProcess.start(broker(conf))) {
            assertThat(p.awaitExit(STARTUP)).as(p.describe()).isEqualTo(2);
            assertThat(p.stderr()).as(p.describe()).contains(
                    "error: " + conf + ":4: 'topic' expects the direction in, out or both, not 'sideways'");
        }
    }
}
