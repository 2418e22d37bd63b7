package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Password file, ACL file and their reload, over raw sockets in 5.0 and 3.1.1. */
@Timeout(30)
class SecurityIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    /** alice:secret and bob:hunter2 by mosquitto_passwd 2.0.11; slow:"slow one" with 20000 iterations. */
    private static final String PASSWORDS = """
            alice:$7$101$8Bq72Bp4DloO92MD$y7CEB7BAu7//0cYtCnkGNeGAayNWKp+Zc9JAO+ELMcacF/KprKS0TCLIMpQoRYlXW0VTwjIoBBUJQAoKAlGzyw==
            bob:$7$101$5lvJlXYGhoSFvJqW$ApjxN5DBv+AX0gCOFppTTesBYBdhCfWyv8EGJLjBIkwEUNeZolRGjnb5ouX5ewScUVIQBrw7fM0PSPYihTDfJA==
            slow:$7$20000$MDEyMzQ1Njc4OWFi$kyYNdcwp9FmGWcJEe6OlJLUkZCMG9eMqLeLkAI/SqLVU3bVGb4jAt14vgdBeOAMaOP5H2j0vopPbfpLv4avkaA==
            """;
    private static final String ACL = """
            user alice
            topic readwrite a/#
            topic deny a/secret
            topic deny test/nosubscribe
            topic read test/#
            user bob
            topic read a/#
            topic deny a/hidden/#
            """;

    @TempDir
    Path dir;
    private RunningBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private RunningBroker start(boolean allowAnonymous, String acl) throws IOException {
        Path pw = dir.resolve("passwords");
        Files.writeString(pw, PASSWORDS);
        Path aclFile = null;
        if (acl != null) {
            aclFile = dir.resolve("acl");
            Files.writeString(aclFile, acl);
        }
        broker = Broker.builder().host("127.0.0.1").port(0)
                .security(new SecurityConfig(allowAnonymous, pw, aclFile)).build().start();
        return broker;
    }

    private RawClient login(ProtocolVersion v, String clientId, String user, String password) throws IOException {
        RawClient c = new RawClient(broker.port(), v);
        ConnAck ack = c.connect(new Connect(v, clientId, true, 60, user, password == null ? null : Bytes.utf8(password),
                null, Properties.EMPTY));
        assertThat(ack.reasonCode()).as("CONNACK for %s", user).isEqualTo(ReasonCode.SUCCESS);
        return c;
    }

    @Test
    void connect_wrongPasswordUnknownUserOrAnonymous_v5NotAuthorized() throws Exception {
        start(false, null);
        for (String[] creds : new String[][] {{"alice", "wrong"}, {"mallory", "secret"}, {"alice", null}, {null, null}}) {
            try (RawClient c = new RawClient(broker.port(), V5)) {
                ConnAck ack = c.connect(new Connect(V5, "c", true, 60, creds[0],
                        creds[1] == null ? null : Bytes.utf8(creds[1]), null, Properties.EMPTY));
                // mosquitto 2.0.11 answers all of these with 0x87, and so do we
                assertThat(ack.reasonCode()).as("user %s", creds[0]).isEqualTo(ReasonCode.NOT_AUTHORIZED);
                assertThat(c.closedByBroker()).isTrue();
            }
        }
        login(V5, "ok", "alice", "secret").close();
    }

    @Test
    void connect_wrongPasswordOrAnonymous_v311ReturnCode5() throws Exception {
        start(false, null);
        for (String user : new String[] {"alice", null}) {
            try (RawClient c = new RawClient(broker.port(), V311)) {
                c.send(new Connect(V311, "c", true, 60, user, user == null ? null : Bytes.utf8("wrong"), null,
                        Properties.EMPTY));
                assertThat(c.readRaw()).containsExactly(0x20, 0x02, 0x00, 0x05); // [MQTT-3.2.2-5] then close
                assertThat(c.closedByBroker()).isTrue();
            }
        }
        login(V311, "ok", "bob", "hunter2").close();
    }

    @Test
    void connect_anonymousAllowed_inWithoutUserButUsersStillChecked() throws Exception {
        start(true, null);
        login(V5, "anon", null, null).close();
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(new Connect(V5, "c", true, 60, "alice", Bytes.utf8("nope"), null, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void connect_costlyHash_checkedOffTheLoopAndPacketsBehindTheConnectWait() throws Exception {
        start(false, null);
        try (RawClient c = new RawClient(broker.port(), V5)) {
            long t0 = System.nanoTime();
            // the SUBSCRIBE goes in the same write as the CONNECT: it must be handled after the CONNACK
            c.send(new Connect(V5, "slow", true, 60, "slow", Bytes.utf8("slow one"), null, Properties.EMPTY));
            c.send(new Subscribe(1, List.of(new Subscription("x", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            assertThat(((ConnAck) c.read()).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            long micros = (System.nanoTime() - t0) / 1000;
            assertThat(((SubAck) c.read()).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
            System.out.println("connect with a 20000-iteration $7$ hash: " + micros + " us");
        }
        try (RawClient fast = login(V5, "fast", "alice", "secret"); RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(new Connect(V5, "slow2", true, 60, "slow", Bytes.utf8("slow two"), null,
                    Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            fast.assertNothingPending(); // the loop served others meanwhile
        }
    }

    @Test
    void publish_denied_v5Code0x87AndNothingDelivered() throws Exception {
        start(false, ACL);
        try (RawClient reader = login(V5, "r", "bob", "hunter2"); RawClient c = login(V5, "w", "alice", "secret")) {
            assertThat(reader.subscribe(1, "a/#", QoS.EXACTLY_ONCE).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_2);
            c.send(Publish.of("a/secret", Bytes.utf8("0")));
            c.send(new Publish("a/secret", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("1"), Properties.EMPTY));
            PubAck ack = c.readUntil(PubAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            c.send(new Publish("a/secret", QoS.EXACTLY_ONCE, true, false, 2, Bytes.utf8("2"), Properties.EMPTY));
            assertThat(c.readUntil(PubRec.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            c.send(new Publish("a/open", QoS.AT_LEAST_ONCE, false, false, 3, Bytes.utf8("3"), Properties.EMPTY));
            assertThat(c.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            Publish got = reader.readUntil(Publish.class);
            assertThat(got.topic()).isEqualTo("a/open"); // none of the denied three came first
            assertThat(broker.retainedCount()).isZero(); // the denied retained message was not stored
        }
    }

    @Test
    void publish_denied_v311AcknowledgedAsUsualButDropped() throws Exception {
        start(false, ACL);
        try (RawClient reader = login(V311, "r", "bob", "hunter2"); RawClient c = login(V311, "w", "alice", "secret")) {
            reader.subscribe(1, "a/#", QoS.EXACTLY_ONCE);
            c.send(new Publish("a/secret", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("1"), Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x40, 0x02, 0x00, 0x01); // plain PUBACK, as mosquitto sends
            c.send(new Publish("a/secret", QoS.EXACTLY_ONCE, false, false, 2, Bytes.utf8("2"), Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x50, 0x02, 0x00, 0x02);
            c.send(new PubRel(2, ReasonCode.SUCCESS, Properties.EMPTY));
            assertThat(c.read()).isInstanceOf(PubComp.class);
            c.send(new Publish("a/open", QoS.AT_LEAST_ONCE, false, false, 3, Bytes.utf8("3"), Properties.EMPTY));
            c.readUntil(PubAck.class);
            assertThat(reader.readUntil(Publish.class).topic()).isEqualTo("a/open");
        }
    }

    @Test
    void subscribe_denied_v5Code0x87AndV311Failure() throws Exception {
        start(false, ACL);
        try (RawClient c = login(V5, "s5", "alice", "secret")) {
            c.send(new Subscribe(1, List.of(new Subscription("test/#", QoS.AT_LEAST_ONCE),
                    new Subscription("test/nosubscribe", QoS.AT_LEAST_ONCE),
                    new Subscription("zzz/#", QoS.AT_MOST_ONCE),
                    new Subscription("$share/g/test/nosubscribe", QoS.AT_MOST_ONCE),
                    new Subscription("$share/g/test/+", QoS.AT_MOST_ONCE)), Properties.EMPTY));
            assertThat(((SubAck) c.read()).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1,
                    ReasonCode.NOT_AUTHORIZED, ReasonCode.NOT_AUTHORIZED, ReasonCode.NOT_AUTHORIZED,
                    ReasonCode.GRANTED_QOS_0);
        }
        try (RawClient c = login(V311, "s3", "alice", "secret")) {
            c.send(new Subscribe(1, List.of(new Subscription("test/nosubscribe", QoS.AT_LEAST_ONCE),
                    new Subscription("test/x", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            // [MQTT-3.9.3-2] 0x80 Failure for the refused filter
            assertThat(c.readRaw()).containsExactly(0x90, 0x04, 0x00, 0x01, 0x80, 0x01);
        }
    }

    @Test
    void deliver_topicNotReadable_notSentThoughTheFilterMatches() throws Exception {
        start(false, ACL);
        try (RawClient w = login(V5, "w", "alice", "secret")) {
            w.send(new Publish("a/hidden/r", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("r1"), Properties.EMPTY));
            w.send(new Publish("a/shown/r", QoS.AT_LEAST_ONCE, true, false, 2, Bytes.utf8("r2"), Properties.EMPTY));
            w.readUntil(PubAck.class);
            w.readUntil(PubAck.class);
            try (RawClient reader = login(V5, "r", "bob", "hunter2")) {
                assertThat(reader.subscribe(1, "a/#", QoS.AT_LEAST_ONCE).reasonCodes())
                        .containsExactly(ReasonCode.GRANTED_QOS_1);
                // retained messages are checked as well: only a/shown/r
                assertThat(reader.readUntil(Publish.class).topic()).isEqualTo("a/shown/r");
                reader.send(new PubAck(1, ReasonCode.SUCCESS, Properties.EMPTY));
                for (int i = 0; i < 3; i++) {
                    w.send(new Publish("a/hidden/" + i, QoS.AT_LEAST_ONCE, false, false, 10 + i, Bytes.utf8("h"),
                            Properties.EMPTY));
                    w.readUntil(PubAck.class);
                }
                w.send(new Publish("a/x", QoS.AT_LEAST_ONCE, false, false, 20, Bytes.utf8("x"), Properties.EMPTY));
                w.readUntil(PubAck.class);
                Publish next = reader.readUntil(Publish.class);
                assertThat(next.topic()).isEqualTo("a/x");
                reader.send(new PubAck(next.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
                reader.assertNothingPending();
            }
        }
    }

    @Test
    void will_onTopicTheClientMayNotWrite_dropped() throws Exception {
        start(false, ACL);
        try (RawClient reader = login(V5, "r", "bob", "hunter2")) {
            reader.subscribe(1, "a/#", QoS.AT_MOST_ONCE);
            for (String topic : new String[] {"a/secret", "a/will"}) {
                RawClient dying = new RawClient(broker.port(), V5);
                Will will = new Will(topic, Bytes.utf8("bye"), QoS.AT_MOST_ONCE, false, Properties.EMPTY);
                assertThat(dying.connect(new Connect(V5, "d" + topic.length(), true, 60, "alice", Bytes.utf8("secret"),
                        will, Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                dying.close(); // no DISCONNECT: the will is due
            }
            assertThat(reader.readUntil(Publish.class).topic()).isEqualTo("a/will"); // a/secret's never came
        }
    }

    @Test
    void reloadSecurity_newRulesApplyWithoutDisconnecting() throws Exception {
        start(false, ACL);
        try (RawClient c = login(V5, "w", "alice", "secret"); RawClient reader = login(V5, "r", "bob", "hunter2")) {
            reader.subscribe(1, "a/#", QoS.AT_MOST_ONCE);
            c.send(new Publish("a/secret", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("1"), Properties.EMPTY));
            assertThat(c.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            c.send(Publish.of("a/hidden/x", Bytes.utf8("before"))); // bob may not read it: not delivered (and cached)
            c.send(Publish.of("a/x", Bytes.utf8("marker")));
            // bob's queue is in order: once the marker arrives, "before" was checked and skipped
            assertThat(reader.readUntil(Publish.class).payload()).isEqualTo(Bytes.utf8("marker"));

            Files.writeString(dir.resolve("acl"), "user alice\ntopic readwrite a/#\nuser bob\ntopic read a/#\n");
            assertThat(broker.reloadSecurity()).isEmpty();
            c.send(Publish.of("a/hidden/x", Bytes.utf8("after"))); // bob's cached answer is forgotten
            assertThat(reader.readUntil(Publish.class).payload()).isEqualTo(Bytes.utf8("after"));
            c.send(new Publish("a/secret", QoS.AT_LEAST_ONCE, false, false, 2, Bytes.utf8("2"), Properties.EMPTY));
            assertThat(c.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(reader.readUntil(Publish.class).topic()).isEqualTo("a/secret");

            // a broken file keeps the rules in force and says where it is broken
            Files.writeString(dir.resolve("acl"), "user alice\ntopic sometimes a/#\n");
            assertThat(broker.reloadSecurity()).singleElement().asString().startsWith(dir.resolve("acl") + ":2: ");
            c.send(new Publish("a/secret", QoS.AT_LEAST_ONCE, false, false, 3, Bytes.utf8("3"), Properties.EMPTY));
            assertThat(c.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(reader.readUntil(Publish.class).payload()).isEqualTo(Bytes.utf8("3"));

            // a removed user cannot connect again, but the connected one stays
            Files.writeString(dir.resolve("acl"), "user alice\ntopic readwrite a/#\n");
            Files.writeString(dir.resolve("passwords"), PASSWORDS.lines().filter(l -> !l.startsWith("alice:"))
                    .reduce("", (a, b) -> a + b + "\n"));
            assertThat(broker.reloadSecurity()).isEmpty();
            try (RawClient again = new RawClient(broker.port(), V5)) {
                assertThat(again.connect(new Connect(V5, "w2", true, 60, "alice", Bytes.utf8("secret"), null,
                        Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            }
            c.assertNothingPending();
            // the refused connection closes asynchronously; the two connected clients stay
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.connectionCount() == 2);
            reader.assertNothingPending();
        }
    }

    @Test
    void start_badPasswordFile_refusedNamingFileAndLine() throws Exception {
        Path pw = dir.resolve("bad-passwords");
        Files.writeString(pw, "alice:plain\n");
        assertThatThrownBy(() -> Broker.builder().host("127.0.0.1").port(0)
                .security(new SecurityConfig(false, pw, null)).build().start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(pw + ":1: user alice: ");
    }

    @Test
    void explicitAuthorizer_winsOverTheAclFile() throws Exception {
        Path acl = dir.resolve("acl");
        Files.writeString(acl, "");
        broker = Broker.builder().host("127.0.0.1").port(0).security(new SecurityConfig(true, null, acl))
                .authorizer(new io.mqttools.broker.security.Authorizer() {
                    @Override
                    public boolean canPublish(String clientId, String username, String topic) {
                        return !topic.equals("no");
                    }

                    @Override
                    public boolean canSubscribe(String clientId, String username, String filter) {
                        return true;
                    }

                    @Override
                    public boolean canRead(String clientId, String username, String topic) {
                        return true;
                    }
                }).build().start();
        try (RawClient c = login(V5, "c", null, null)) {
            assertThat(c.subscribe(1, "#", QoS.AT_LEAST_ONCE).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
            c.send(new Publish("no", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("1"), Properties.EMPTY));
            assertThat(c.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }
}
