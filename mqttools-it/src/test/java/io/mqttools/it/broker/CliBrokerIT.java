package io.mqttools.it.broker;

import static io.mqttools.it.support.MosquittoClients.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar mqttools.jar broker} as a separate process, driven by mosquitto_pub/sub and stopped with
 * SIGTERM or SIGINT. The jar's path comes from the system property {@code mqttools.jar}, set by the failsafe
 * configuration of this module; the reactor packages mqttools-cli before these tests run.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CliBrokerIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void brokerCommand_clientsConnectThenSignal_logsConnectionsAndExitsZeroPromptly(String signal) {
        Path jar = cliJar();
        int port = FreePort.find();
        try (ToolProcess cli = ToolProcess.start(List.of(ExternalTools.java().toString(), "-jar", jar.toString(),
                "broker", "--host", "127.0.0.1", "--port", Integer.toString(port)))) {
            cli.awaitAnyLine(line -> line.contains("listening on") && line.contains(Integer.toString(port)), STARTUP);
            TestBroker running = TestBroker.onPort(port);
            MosquittoClients v5 = new MosquittoClients(running, MqttVersion.V5);
            MosquittoClients v311 = new MosquittoClients(running, MqttVersion.V311);
            try (ToolProcess sub = v5.subscribe("-i", "cli-sub", "-t", "cli/led", "-q", "1", "-C", "1")) {
                v311.publish("-i", "cli-pub", "-t", "cli/led", "-q", "1", "-m", "on");
                assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
                assertThat(received(sub)).extracting(MosquittoClients.Received::payload).containsExactly("on");
            }

            // Connect and disconnect are logged at info level, with the client id.
            cli.awaitAnyLine(line -> line.contains("cli-sub") && line.contains(" connected"), STARTUP);
            cli.awaitAnyLine(line -> line.contains("cli-sub") && line.contains("disconnected"), STARTUP);
            cli.awaitAnyLine(line -> line.contains("cli-pub") && line.contains(" connected"), STARTUP);
            cli.awaitAnyLine(line -> line.contains("cli-pub") && line.contains("disconnected"), STARTUP);

            long start = System.nanoTime();
            // SIGTERM from a service manager, SIGINT from Ctrl-C: both are a normal, successful shutdown.
            cli.signal(signal);
            int exit = cli.awaitExit(Duration.ofSeconds(20));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(exit).as("exit code after SIG%s: %s", signal, cli.describe()).isZero();
            assertThat(took).as("shutdown after SIG%s", signal).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void brokerCommand_responseInformation_sentToV5ClientsThatAsk() {
        int port = FreePort.find();
        try (ToolProcess cli = ToolProcess.start(List.of(ExternalTools.java().toString(), "-jar", cliJar().toString(),
                "broker", "--host", "127.0.0.1", "--port", Integer.toString(port), "--response-information", "replies/"))) {
            cli.awaitAnyLine(line -> line.contains("listening on") && line.contains(Integer.toString(port)), STARTUP);
            Mqtt5BlockingClient asker = MqttClient.builder().useMqttVersion5().identifier("asker")
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            // [MQTT-3.1.2-28] Response Information only for a client that sets Request Response Information
            Mqtt5ConnAck ack = asker.connectWith().restrictions().requestResponseInformation(true).applyRestrictions().send();
            assertThat(ack.getResponseInformation().orElseThrow().toString()).isEqualTo("replies/asker");
            asker.disconnect();
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
