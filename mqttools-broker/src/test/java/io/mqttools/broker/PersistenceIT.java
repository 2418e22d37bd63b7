package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Will;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Durable sessions: the broker is closed and started again on the same data directory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PersistenceIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final Properties NEVER_EXPIRE = Properties.builder()
            .set(PropertyId.SESSION_EXPIRY_INTERVAL, 0xFFFFFFFFL).build();

    @TempDir
    Path dataDir;
    private RunningBroker broker;

    private RunningBroker start() {
        // no $SYS: its retained topics, published at start, would race the retained counts here
        broker = Broker.builder().host("127.0.0.1").port(0).sysInterval(java.time.Duration.ZERO)
                .persistence(new PersistenceConfig(dataDir)).build().start();
        return broker;
    }

    private void restart() {
        broker.close();
        start();
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Properties persistent(ProtocolVersion v) {
        return v == V5 ? NEVER_EXPIRE : Properties.EMPTY;
    }

    private RawClient connect(ProtocolVersion v, String id, boolean cleanStart) throws Exception {
        return RawClient.connected(broker.port(), v, id, cleanStart, persistent(v));
    }

    private static Publish publish(String topic, QoS qos, int id, String text) {
        return new Publish(topic, qos, false, false, qos == QoS.AT_MOST_ONCE ? 0 : id, Bytes.utf8(text), Properties.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void restart_queuedMessagesAndSubscriptions_survive(ProtocolVersion v) throws Exception {
        start();
        try (RawClient sub = connect(v, "sub", false)) {
            sub.subscribe(1, "q/+", QoS.EXACTLY_ONCE);
        }
        try (RawClient pub = connect(v, "pub", false)) {
            pub.send(publish("q/1", QoS.AT_LEAST_ONCE, 1, "one"));
            assertThat(pub.readUntil(PubAck.class).packetId()).isEqualTo(1);
            pub.send(publish("q/2", QoS.EXACTLY_ONCE, 2, "two"));
            assertThat(pub.readUntil(PubRec.class).packetId()).isEqualTo(2);
            pub.send(new PubRel(2));
            pub.readUntil(PubComp.class);
        }
        restart();
        assertThat(broker.sessionCount()).isEqualTo(2);
        try (RawClient sub = new RawClient(broker.port(), v)) {
            ConnAck ack = sub.connect(RawClient.connectPacket(v, "sub", false, 60, null, persistent(v)));
            assertThat(ack.sessionPresent()).isTrue();
            Publish first = sub.readUntil(Publish.class);
            assertThat(first.payload().asUtf8()).isEqualTo("one");
            assertThat(first.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            sub.send(new PubAck(first.packetId()));
            Publish second = sub.readUntil(Publish.class);
            assertThat(second.payload().asUtf8()).isEqualTo("two");
            assertThat(second.qos()).isEqualTo(QoS.EXACTLY_ONCE);
            sub.send(new PubRec(second.packetId()));
            sub.readUntil(PubRel.class);
            sub.send(new PubComp(second.packetId()));
            sub.assertNothingPending();
        }
        restart(); // the subscription is still there, and nothing acknowledged comes back
        try (RawClient sub = new RawClient(broker.port(), v);
             RawClient pub = RawClient.connected(broker.port(), v, "pub2", true, Properties.EMPTY)) {
            assertThat(sub.connect(RawClient.connectPacket(v, "sub", false, 60, null, persistent(v))).sessionPresent())
                    .isTrue();
            sub.assertNothingPending();
            pub.send(publish("q/3", QoS.AT_LEAST_ONCE, 3, "three"));
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("three");
        }
    }

    @Test
    void restart_retainedMessages_survive_deletedOnesStayDeleted() throws Exception {
        start();
        try (RawClient pub = connect(V5, "pub", true)) {
            pub.send(new Publish("r/kept", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("kept"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.send(new Publish("r/gone", QoS.AT_LEAST_ONCE, true, false, 2, Bytes.utf8("gone"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.send(new Publish("r/gone", QoS.AT_LEAST_ONCE, true, false, 3, Bytes.EMPTY, Properties.EMPTY));
            pub.readUntil(PubAck.class);
        }
        restart();
        assertThat(broker.retainedCount()).isEqualTo(1);
        try (RawClient sub = RawClient.connected(broker.port(), V5, "s", true, Properties.EMPTY)) {
            sub.subscribe(1, "r/#", QoS.AT_LEAST_ONCE);
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.topic()).isEqualTo("r/kept");
            assertThat(got.retain()).isTrue();
            sub.send(new PubAck(got.packetId()));
            sub.assertNothingPending();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void restart_inflightQos1_resentWithDupAndSameId(ProtocolVersion v) throws Exception {
        start();
        int firstId;
        try (RawClient sub = connect(v, "redo", false); RawClient pub = connect(v, "pub", false)) {
            sub.subscribe(1, "r", QoS.AT_LEAST_ONCE);
            pub.send(publish("r", QoS.AT_LEAST_ONCE, 1, "unacked"));
            pub.readUntil(PubAck.class);
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.dup()).isFalse();
            firstId = got.packetId();
        }
        restart();
        try (RawClient sub = connect(v, "redo", false)) {
            Publish again = sub.readUntil(Publish.class);
            assertThat(again.dup()).isTrue(); // [MQTT-4.4.0-1]
            assertThat(again.packetId()).isEqualTo(firstId);
            assertThat(again.payload().asUtf8()).isEqualTo("unacked");
            sub.send(new PubAck(again.packetId()));
            sub.assertNothingPending();
        }
        restart();
        try (RawClient sub = connect(v, "redo", false)) {
            sub.assertNothingPending(); // the PUBACK was kept too
        }
    }

    @Test
    void restart_qos2AfterPubRec_pubRelResentNotThePublish() throws Exception {
        start();
        try (RawClient sub = connect(V5, "rel", true); RawClient pub = connect(V5, "pub", true)) {
            sub.subscribe(1, "r2", QoS.EXACTLY_ONCE);
            pub.send(publish("r2", QoS.EXACTLY_ONCE, 1, "x"));
            pub.readUntil(PubRec.class);
            Publish got = sub.readUntil(Publish.class);
            sub.send(new PubRec(got.packetId()));
            assertThat(sub.readUntil(PubRel.class).packetId()).isEqualTo(got.packetId());
        }
        restart();
        try (RawClient sub = connect(V5, "rel", false)) {
            PubRel rel = sub.readUntil(PubRel.class);
            sub.send(new PubComp(rel.packetId()));
            sub.assertNothingPending();
        }
    }

    @Test
    void restart_qos2FromClientAwaitingPubRel_resentPublishNotDeliveredTwice() throws Exception {
        start();
        try (RawClient sub = connect(V5, "sub", true)) {
            sub.subscribe(1, "e", QoS.EXACTLY_ONCE);
        }
        try (RawClient pub = connect(V5, "pub", true)) {
            pub.send(publish("e", QoS.EXACTLY_ONCE, 7, "once"));
            pub.readUntil(PubRec.class); // and the connection drops before PUBREL
        }
        restart();
        try (RawClient pub = connect(V5, "pub", false)) {
            // [MQTT-4.3.3-10] the re-sent PUBLISH is acknowledged, not delivered again
            pub.send(new Publish("e", QoS.EXACTLY_ONCE, false, true, 7, Bytes.utf8("once"), Properties.EMPTY));
            assertThat(pub.readUntil(PubRec.class).packetId()).isEqualTo(7);
            pub.send(new PubRel(7));
            assertThat(pub.readUntil(PubComp.class).reasonCode().isError()).isFalse();
        }
        try (RawClient sub = connect(V5, "sub", false)) {
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("once");
            sub.send(new PubRec(got.packetId()));
            sub.readUntil(PubRel.class);
            sub.send(new PubComp(got.packetId()));
            sub.assertNothingPending();
        }
    }

    @Test
    void restart_cleanSession_notKept() throws Exception {
        start();
        try (RawClient c = RawClient.connected(broker.port(), V5, "clean", true, Properties.EMPTY)) {
            c.subscribe(1, "t", QoS.AT_LEAST_ONCE);
        }
        restart();
        assertThat(broker.sessionCount()).isZero();
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(c.connect(RawClient.connectPacket(V5, "clean", false, 60, null, NEVER_EXPIRE)).sessionPresent())
                    .isFalse();
        }
    }

    @Test
    void restart_sessionExpiry_keepsCountingWhileTheBrokerIsDown() throws Exception {
        start();
        Properties oneSecond = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 1L).build();
        Properties oneHour = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 3600L).build();
        RawClient.connected(broker.port(), V5, "short", false, oneSecond).close();
        RawClient.connected(broker.port(), V5, "long", false, oneHour).close();
        await().until(() -> broker.sessionCount() == 2);
        broker.close();
        long stopped = System.nanoTime();
        await().pollDelay(Duration.ofMillis(1100)).until(() -> System.nanoTime() - stopped > 1_100_000_000L);
        start();
        assertThat(broker.sessionCount()).isEqualTo(1);
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(c.connect(RawClient.connectPacket(V5, "long", false, 60, null, oneHour)).sessionPresent()).isTrue();
        }
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(c.connect(RawClient.connectPacket(V5, "short", false, 60, null, oneSecond)).sessionPresent())
                    .isFalse();
        }
    }

    @Test
    void restart_delayedWill_publishedAfterRestart() throws Exception {
        start();
        try (RawClient sub = connect(V5, "watcher", true)) {
            sub.subscribe(1, "will/#", QoS.AT_LEAST_ONCE);
        }
        Will will = new Will("will/dev", Bytes.utf8("gone"), QoS.AT_LEAST_ONCE, false,
                Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, 1L).build());
        RawClient dev = new RawClient(broker.port(), V5);
        dev.connect(RawClient.connectPacket(V5, "dev", true, 60, will, NEVER_EXPIRE));
        dev.close(); // abnormal: the will waits out its delay
        broker.close(); // before it is due
        start();
        try (RawClient sub = connect(V5, "watcher", false)) {
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.topic()).isEqualTo("will/dev");
            assertThat(got.payload().asUtf8()).isEqualTo("gone");
        }
    }
}
