package io.mqttools.it.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.it.support.ExternalTools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * paho-mqtt for Python (out of process) over MQTT 5: request/response properties, Subscription
 * Identifiers, the remaining Message Expiry and Response Information. Needs /usr/bin/python3 with
 * paho-mqtt (Debian python3-paho-mqtt): fails under CI=true when missing, else is skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Mqtt5PythonPahoIT {
    @Test
    void requestResponse_pahoPython_propertiesForwardedUnchanged(@TempDir Path dir) throws Exception {
        Path python = ExternalTools.pythonWithPaho().python();
        Path script = dir.resolve("paho_v5_request_response.py");
        try (InputStream in = getClass().getResourceAsStream("/mqtt5/paho_v5_request_response.py")) {
            Files.copy(in, script);
        }
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).responseInformation("replies/")
                .build().start()) {
            Process p = new ProcessBuilder(python.toString(), script.toString(), String.valueOf(broker.port()))
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            boolean done = p.waitFor(40, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                fail("the Python client did not finish: " + err);
            }
            assertThat(p.exitValue()).as("exit status; stderr: %s", err).isZero();
            Map<String, String> r = new HashMap<>();
            out.lines().filter(l -> l.contains("=")).forEach(l -> r.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            assertThat(r).containsEntry("responseInformation", "replies/py-sub")
                    .containsEntry("topic", "req/1")
                    .containsEntry("payload", "héllo")
                    .containsEntry("responseTopic", "resp/py")
                    .containsEntry("correlationData", "0102ff")
                    .containsEntry("payloadFormatIndicator", "1")
                    .containsEntry("contentType", "text/plain")
                    .containsEntry("userProperties", "b:2,a:1,b:3") // [MQTT-3.3.2-17] [MQTT-3.3.2-18] in order
                    .containsEntry("subscriptionIdentifiers", "[3]");
            assertThat(Long.parseLong(r.get("messageExpiryInterval"))).isBetween(98L, 100L); // [MQTT-3.3.2-6]
        }
    }
}
