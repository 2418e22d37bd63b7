package io.mqttools.it.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.it.broker.ThirdPartyClient.Kind;
import io.mqttools.it.broker.ThirdPartyClient.Message;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.ExternalTools.PythonPaho;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broker with paho-mqtt for Python (/usr/bin/python3), over 3.1, 3.1.1 and 5.0, exchanging messages with a
 * Java client of the other protocol version. The script (src/test/resources/paho_client.py) handles both
 * paho-mqtt 1.x and 2.x, whose Client constructors differ.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PahoPythonIT {
    private static final Duration STEP = Duration.ofSeconds(25);
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void pahoPython_subscribesAndPublishes_exchangesMessagesWithJavaClient(MqttVersion version, @TempDir Path dir)
            throws Exception {
        PythonPaho python = ExternalTools.pythonWithPaho();
        Path script = copyScript(dir);
        String root = "python/" + version.name().toLowerCase();
        // The Java side speaks the other version, so that 3.1.1 and 5.0 meet through the broker.
        Kind javaKind = version == MqttVersion.V5 ? Kind.PAHO_V311 : Kind.HIVEMQ_V5;
        try (ThirdPartyClient java = javaKind.create(broker, "java-peer-of-python-" + version)) {
            java.connect(true, null);
            java.subscribe(root + "/python", 1);
            try (ToolProcess py = ToolProcess.start(List.of(python.python().toString(), "-u", script.toString(),
                    broker.host(), Integer.toString(broker.port()), version.pythonName(), root, "python-" + version))) {
                exchange(py, java, root, python);
            }
            java.disconnect();
        }
    }

    private static void exchange(ToolProcess py, ThirdPartyClient java, String root, PythonPaho python)
            throws Exception {
        py.awaitStdoutLine("READY"::equals, STEP);

        java.publish(root + "/java", "hello from java".getBytes(UTF_8), 1, false);

        assertThat(py.awaitExit(STEP)).as("paho-mqtt %s: %s", python.pahoVersion(), py.describe()).isZero();
        assertThat(py.stdout()).as(py.describe()).contains("CONNACK|0", "SUBACK|[1]",
                "RECEIVED|" + root + "/python|1|0|hello from python",
                "RECEIVED|" + root + "/java|1|0|hello from java", "DONE");
        assertThat(java.next()).isEqualTo(
                new Message(root + "/python", "hello from python".getBytes(UTF_8), 1, false));
    }

    private static Path copyScript(Path dir) throws IOException {
        Path script = dir.resolve("paho_client.py");
        try (InputStream in = PahoPythonIT.class.getResourceAsStream("/paho_client.py")) {
            assertThat(in).as("paho_client.py on the test classpath").isNotNull();
            Files.copy(in, script);
        }
        return script;
    }
}
