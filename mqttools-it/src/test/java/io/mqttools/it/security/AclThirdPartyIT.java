package io.mqttools.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.config.SecurityConfig;
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
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACL refusals as third-party clients see them: Paho's interoperability case test_subscribe_failure
 * (a SUBSCRIBE to test/nosubscribe must fail) in 3.1.1 and 5.0, and the CLI broker re-reading its files
 * on SIGHUP while a mosquitto_sub stays connected.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AclThirdPartyIT {
    private static final String ACL = """
            topic readwrite test/#
            topic deny test/nosubscribe
            """;

    @TempDir
    Path dir;

    @Test
    void pahoV3_subscribeToDeniedFilter_failure0x80() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), ACL);
        try (TestBroker broker = SecuredBrokers.mqttools(new SecurityConfig(true, null, acl))) {
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + broker.port(), "paho3", new MemoryPersistence());
            client.connect();
            try {
                IMqttToken ok = client.subscribeWithResponse("test/ok", 1);
                assertThat(ok.getGrantedQos()).containsExactly(1);
                int granted;
                try {
                    granted = client.subscribeWithResponse("test/nosubscribe", 1).getGrantedQos()[0];
                } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                    granted = e.getReasonCode(); // Paho turns a lone 0x80 into REASON_CODE_SUBSCRIBE_FAILED (128)
                }
                assertThat(granted).isEqualTo(0x80);
                assertThat(client.isConnected()).isTrue();
            } finally {
                client.disconnect();
                client.close();
            }
        }
    }

    @Test
    void pahoV5_subscribeToDeniedFilter_notAuthorized0x87() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), ACL);
        try (TestBroker broker = SecuredBrokers.mqttools(new SecurityConfig(true, null, acl))) {
            org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(
                    "tcp://127.0.0.1:" + broker.port(), "paho5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.connect();
            try {
                int[] codes;
                try {
                    codes = client.subscribe(new MqttSubscription[] {new MqttSubscription("test/ok", 1),
                            new MqttSubscription("test/nosubscribe", 1)}).getReasonCodes();
                } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                    codes = new int[] {1, e.getReasonCode()};
                }
                assertThat(codes).containsExactly(1, 0x87);
                assertThat(client.isConnected()).isTrue();
            } finally {
                client.disconnect();
                client.close();
            }
        }
    }

    @Test
    void cliBroker_sighup_reloadsAclWhileSubscriberStaysConnected() throws Exception {
        Path passwords = dir.resolve("passwords");
        assertThat(io.mqttools.cli.Main.commandLine().execute("passwd", "-c", "-b", passwords.toString(), "alice",
                "secret")).isZero();
        Path acl = Files.writeString(dir.resolve("acl"), "user alice\ntopic readwrite a/#\ntopic deny a/secret\n");
        int port = FreePort.find();
        String jar = System.getProperty("mqttools.jar");
        assertThat(jar).as("system property mqttools.jar (set by failsafe)").isNotNull();
        try (ToolProcess cli = ToolProcess.start(List.of(ExternalTools.java().toString(), "-jar", jar, "broker",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--password-file", passwords.toString(),
                "--acl-file", acl.toString()))) {
            cli.awaitAnyLine(l -> l.contains("listening on"), Duration.ofSeconds(30));
            TestBroker broker = TestBroker.onPort(port);
            // --password-file without --allow-anonymous: anonymous clients are refused
            assertThat(SecuredBrokers.line(SecuredBrokers.publish(broker, MqttVersion.V5, "-t", "a/x", "-m", "m"),
                    "received CONNACK")).isEqualTo("received CONNACK (135)");
            MosquittoClients v5 = new MosquittoClients(broker, MqttVersion.V5);
            try (ToolProcess sub = v5.subscribe("-u", "alice", "-P", "secret", "-t", "a/#", "-q", "1", "-C", "1")) {
                String[] secret = {"-u", "alice", "-P", "secret", "-q", "1", "-t", "a/secret", "-m", "now allowed"};
                assertThat(SecuredBrokers.line(SecuredBrokers.publish(broker, MqttVersion.V5, secret), "received PUBACK"))
                        .endsWith("RC:135)");
                Files.writeString(acl, "user alice\ntopic readwrite a/#\n");
                cli.signal("HUP");
                cli.awaitAnyLine(l -> l.contains("security files reloaded"), Duration.ofSeconds(15));
                assertThat(SecuredBrokers.line(SecuredBrokers.publish(broker, MqttVersion.V5, secret), "received PUBACK"))
                        .endsWith("RC:0)");
                assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
                assertThat(MosquittoClients.received(sub)).extracting(MosquittoClients.Received::payload)
                        .containsExactly("now allowed");
            }
        }
    }
}
