package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mosquitto's {@code per_listener_settings true}: a listener with security settings of its own (password
 * and ACL files, no anonymous clients) beside one that follows the broker's (everyone in), in one broker
 * whose messages cross between them. Over raw sockets.
 */
@Timeout(30)
class PerListenerSecurityIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    /** alice:secret and bob:hunter2 by mosquitto_passwd 2.0.11. */
    private static final String ALICE =
            "alice:$7$101$8Bq72Bp4DloO92MD$y7CEB7BAu7//0cYtCnkGNeGAayNWKp+Zc9JAO+ELMcacF/KprKS0TCLIMpQoRYlXW0VTwjIoBBUJQAoKAlGzyw==\n";
    private static final String BOB =
            "bob:$7$101$5lvJlXYGhoSFvJqW$ApjxN5DBv+AX0gCOFppTTesBYBdhCfWyv8EGJLjBIkwEUNeZolRGjnb5ouX5ewScUVIQBrw7fM0PSPYihTDfJA==\n";

    @TempDir
    Path dir;
    private Path passwords;
    private RunningBroker broker;
    private int secured;
    private int open;

    @BeforeEach
    void start() throws IOException {
        passwords = Files.writeString(dir.resolve("passwords"), ALICE);
        Path acl = Files.writeString(dir.resolve("acl"), "user alice\ntopic readwrite a/#\nuser bob\ntopic readwrite a/#\n");
        broker = Broker.builder().sysInterval(Duration.ZERO).security(SecurityConfig.OPEN)
                .listener(Listener.mqtt("127.0.0.1", 0).withSecurity(new SecurityConfig(false, passwords, acl)))
                .listener(Listener.mqtt("127.0.0.1", 0))
                .build().start();
        secured = broker.ports().get(0);
        open = broker.ports().get(1);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static ConnAck connect(RawClient c, String user, String password) throws IOException {
        return c.connect(new Connect(V5, "c-" + user, true, 60, user, password == null ? null : Bytes.utf8(password),
                null, Properties.EMPTY));
    }

    @Test
    void anonymous_refusedOnTheListenerWithItsOwnPasswordFile_acceptedOnTheOther() throws Exception {
        try (RawClient c = new RawClient(secured, V5)) {
            assertThat(connect(c, null, null).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(c.closedByBroker()).isTrue();
        }
        try (RawClient c = new RawClient(open, V5)) {
            assertThat(connect(c, null, null).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
        try (RawClient c = new RawClient(secured, V5)) {
            assertThat(connect(c, "alice", "secret").reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void acl_appliesOnItsListenerOnly_messagesStillCrossListeners() throws Exception {
        try (RawClient alice = new RawClient(secured, V5); RawClient anon = new RawClient(open, V5)) {
            assertThat(connect(alice, "alice", "secret").reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(connect(anon, null, null).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            alice.subscribe(1, "a/#", QoS.AT_LEAST_ONCE);
            anon.subscribe(1, "b/#", QoS.AT_LEAST_ONCE);

            // alice's ACL (her listener's file) does not let her write b/x: 0x87, nothing delivered
            alice.send(new Publish("b/x", QoS.AT_LEAST_ONCE, false, false, 5, Bytes.utf8("denied"), Properties.EMPTY));
            assertThat(((PubAck) alice.read()).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            // the open listener follows the broker's settings: no ACL there, and its message reaches alice
            anon.send(new Publish("b/y", QoS.AT_LEAST_ONCE, false, false, 6, Bytes.utf8("to anon"), Properties.EMPTY));
            anon.send(new Publish("a/1", QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8("to alice"), Properties.EMPTY));
            // anon reads two PUBACKs and its own message, in an order the event loops decide
            List<Integer> acked = new ArrayList<>();
            List<String> received = new ArrayList<>();
            while (acked.size() < 2 || received.isEmpty()) {
                Packet p = anon.read();
                if (p instanceof PubAck ack) {
                    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                    acked.add(ack.packetId());
                } else {
                    Publish m = (Publish) p;
                    received.add(m.payload().asUtf8());
                    anon.send(new PubAck(m.packetId()));
                }
            }
            assertThat(acked).containsExactlyInAnyOrder(6, 7);
            assertThat(received).containsExactly("to anon"); // not "denied": alice's never got through
            Publish toAlice = (Publish) alice.read();
            assertThat(toAlice.topic()).isEqualTo("a/1");
            assertThat(toAlice.payload().asUtf8()).isEqualTo("to alice");
        }
    }

    @Test
    void reloadSecurity_rereadsTheListenersOwnPasswordFile() throws Exception {
        Files.writeString(passwords, BOB);
        assertThat(broker.reloadSecurity()).isEmpty();
        try (RawClient c = new RawClient(secured, V5)) {
            assertThat(connect(c, "alice", "secret").reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
        try (RawClient c = new RawClient(secured, V5)) {
            assertThat(connect(c, "bob", "hunter2").reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }
}
