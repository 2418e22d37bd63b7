package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sessions: clean start, session present, expiry, takeover, queueing while offline, re-delivery with DUP. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    private static final Properties NEVER_EXPIRE = Properties.builder()
            .set(PropertyId.SESSION_EXPIRY_INTERVAL, 0xFFFFFFFFL).build();

    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static Properties persistent(ProtocolVersion v) {
        return v == V5 ? NEVER_EXPIRE : Properties.EMPTY;
    }

    private ConnAck connect(RawClient c, String id, boolean cleanStart) throws Exception {
        return c.connect(RawClient.connectPacket(c.version, id, cleanStart, 60, null, persistent(c.version)));
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void takeover_oldConnectionClosed_newOneResumesSession(ProtocolVersion v) throws Exception {
        try (RawClient first = new RawClient(broker.port(), v); RawClient second = new RawClient(broker.port(), v)) {
            // 5.0: Clean Start 1 with an expiry; 3.1.1 needs Clean Session 0, as a Clean Session 1 session
            // is never resumed ([MQTT-3.1.2-6], Mqtt311RawIT#takeover_sessionEndingWithItsConnection_notResumed)
            assertThat(connect(first, "same", v == V5).sessionPresent()).isFalse();
            first.subscribe(1, "t", QoS.AT_LEAST_ONCE);
            ConnAck ack = connect(second, "same", false);
            assertThat(ack.sessionPresent()).isTrue(); // [MQTT-3.2.2-3]
            if (v == V5) {
                // [MQTT-3.1.4-3] the old connection is told why
                assertThat(first.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
            }
            assertThat(first.closedByBroker()).isTrue();
            try (RawClient pub = RawClient.connected(broker.port(), v, "pub", true, Properties.EMPTY)) {
                pub.send(Publish.of("t", Bytes.utf8("to the new connection")));
            }
            assertThat(second.readUntil(Publish.class).payload().asUtf8()).isEqualTo("to the new connection");
        }
    }

    @Test
    void takeover_packetsPipelinedBehindConnect_processedAfterConnAck() throws Exception {
        try (RawClient first = RawClient.connected(broker.port(), V5, "pipe", false, NEVER_EXPIRE);
             RawClient second = new RawClient(broker.port(), V5)) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (io.mqttools.protocol.packet.Packet p : List.of(
                    RawClient.connectPacket(V5, "pipe", false, 60, null, NEVER_EXPIRE),
                    new io.mqttools.protocol.packet.Subscribe(5, List.of(
                            new io.mqttools.protocol.packet.Subscription("t", QoS.AT_MOST_ONCE)), Properties.EMPTY),
                    io.mqttools.protocol.packet.PingReq.INSTANCE)) {
                io.netty.buffer.ByteBuf b = io.mqttools.protocol.codec.PacketEncoder.encode(
                        io.netty.buffer.ByteBufAllocator.DEFAULT, V5, p);
                byte[] a = new byte[b.readableBytes()];
                b.readBytes(a);
                b.release();
                bytes.writeBytes(a);
            }
            second.sendRaw(bytes.toByteArray()); // one write: the decoder reads all three at once
            assertThat(second.read()).isInstanceOf(ConnAck.class);
            assertThat(second.read()).isInstanceOf(io.mqttools.protocol.packet.SubAck.class);
            assertThat(second.read()).isInstanceOf(io.mqttools.protocol.packet.PingResp.class);
        }
    }

    @Test
    void takeover_manyConcurrentConnectsSameId_lastOneWinsAndSessionWorks() throws Exception {
        int n = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        List<RawClient> clients = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean clean = i % 2 == 0;
                done.add(pool.submit(() -> {
                    RawClient c = new RawClient(broker.port(), V5);
                    clients.add(c);
                    go.await();
                    c.send(RawClient.connectPacket(V5, "race", clean, 60, null, NEVER_EXPIRE));
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            await().until(() -> broker.connectionCount() <= 1);
            try (RawClient last = new RawClient(broker.port(), V5);
                 RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
                connect(last, "race", false);
                last.subscribe(1, "race/t", QoS.AT_LEAST_ONCE);
                pub.send(Publish.of("race/t", Bytes.utf8("after the race")));
                assertThat(last.readUntil(Publish.class).payload().asUtf8()).isEqualTo("after the race");
                assertThat(broker.sessionCount()).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
            for (RawClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void cleanStart_discardsSession_sessionPresentFalse() throws Exception {
        try (RawClient first = new RawClient(broker.port(), V5)) {
            connect(first, "c", true);
            first.subscribe(1, "t", QoS.AT_LEAST_ONCE);
            first.send(Disconnect.NORMAL);
            assertThat(first.closedByBroker()).isTrue();
        }
        try (RawClient again = new RawClient(broker.port(), V5); RawClient pub = RawClient.connected(broker.port(), V5,
                "pub", true, Properties.EMPTY)) {
            assertThat(connect(again, "c", true).sessionPresent()).isFalse(); // [MQTT-3.2.2-2]
            pub.send(Publish.of("t", Bytes.utf8("x")));
            pub.send(Publish.of("mine", Bytes.utf8("y")));
            pub.send(io.mqttools.protocol.packet.PingReq.INSTANCE);
            pub.readUntil(io.mqttools.protocol.packet.PingResp.class); // both processed before the subscribe
            again.subscribe(2, "mine", QoS.AT_MOST_ONCE);
            pub.send(Publish.of("mine", Bytes.utf8("z")));
            // the old subscription to "t" is gone: the first message to arrive is the one on "mine"
            assertThat(again.readUntil(Publish.class).payload().asUtf8()).isEqualTo("z");
        }
    }

    @Test
    void sessionExpiryZero_sessionEndsWithConnection() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V5, "gone", false, Properties.EMPTY)) {
            c.send(Disconnect.NORMAL);
            assertThat(c.closedByBroker()).isTrue();
        }
        await().until(() -> broker.sessionCount() == 0);
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(c.connect(RawClient.connectPacket(V5, "gone", false, 60, null, Properties.EMPTY))
                    .sessionPresent()).isFalse();
        }
    }

    @Test
    void sessionExpiry_expiredSessionRemovedByTimer() throws Exception {
        Properties oneSecond = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 1L).build();
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.connect(RawClient.connectPacket(V5, "short", true, 60, null, oneSecond));
            c.send(Disconnect.NORMAL);
            assertThat(c.closedByBroker()).isTrue();
        }
        assertThat(broker.sessionCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.sessionCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void persistentSession_messagesQueuedWhileOffline_deliveredOnReconnect(ProtocolVersion v) throws Exception {
        try (RawClient sub = new RawClient(broker.port(), v)) {
            connect(sub, "offline", false); // 3.1.1: a persistent session needs Clean Session 0
            sub.subscribe(1, "q/#", QoS.EXACTLY_ONCE);
            sub.send(Disconnect.NORMAL);
            assertThat(sub.closedByBroker()).isTrue();
        }
        try (RawClient pub = RawClient.connected(broker.port(), v, "pub", true, Properties.EMPTY)) {
            pub.send(new Publish("q/1", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("one"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.send(new Publish("q/2", QoS.EXACTLY_ONCE, false, false, 2, Bytes.utf8("two"), Properties.EMPTY));
            pub.readUntil(PubRec.class);
            pub.send(new PubRel(2));
            pub.readUntil(PubComp.class);
        }
        try (RawClient sub = new RawClient(broker.port(), v)) {
            assertThat(connect(sub, "offline", false).sessionPresent()).isTrue();
            Publish one = sub.readUntil(Publish.class);
            Publish two = sub.readUntil(Publish.class);
            assertThat(one.payload().asUtf8()).isEqualTo("one");
            assertThat(one.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(two.payload().asUtf8()).isEqualTo("two");
            assertThat(two.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void persistentSession_unacknowledgedRedeliveredWithDup(ProtocolVersion v) throws Exception {
        int firstId;
        try (RawClient sub = new RawClient(broker.port(), v);
             RawClient pub = RawClient.connected(broker.port(), v, "pub", true, Properties.EMPTY)) {
            connect(sub, "redo", false);
            sub.subscribe(1, "r", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("r", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("unacked"), Properties.EMPTY));
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.dup()).isFalse();
            firstId = got.packetId();
            // the connection drops without a PUBACK
        }
        try (RawClient sub = new RawClient(broker.port(), v)) {
            assertThat(connect(sub, "redo", false).sessionPresent()).isTrue();
            Publish again = sub.readUntil(Publish.class);
            // [MQTT-4.4.0-1] re-sent with DUP and the same packet id
            assertThat(again.dup()).isTrue();
            assertThat(again.packetId()).isEqualTo(firstId);
            assertThat(again.payload().asUtf8()).isEqualTo("unacked");
            sub.send(new PubAck(again.packetId()));
        }
    }

    @Test
    void persistentSession_qos2PubRelResentAfterReconnect() throws Exception {
        try (RawClient sub = new RawClient(broker.port(), V5);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            connect(sub, "rel", true);
            sub.subscribe(1, "r2", QoS.EXACTLY_ONCE);
            pub.send(new Publish("r2", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            Publish got = sub.readUntil(Publish.class);
            sub.send(new PubRec(got.packetId()));
            assertThat(sub.readUntil(PubRel.class).packetId()).isEqualTo(got.packetId());
        }
        try (RawClient sub = new RawClient(broker.port(), V5)) {
            connect(sub, "rel", false);
            assertThat(sub.readUntil(PubRel.class).packetId()).isPositive(); // [MQTT-4.4.0-1]
        }
    }

    @Test
    void receiveMaximum_boundsInflightToSubscriber_restQueued() throws Exception {
        Properties rm = Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 2).build();
        try (RawClient sub = new RawClient(broker.port(), V5);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.connect(RawClient.connectPacket(V5, "rm", true, 60, null, rm));
            sub.subscribe(1, "rm", QoS.AT_LEAST_ONCE);
            for (int i = 1; i <= 5; i++) {
                pub.send(new Publish("rm", QoS.AT_LEAST_ONCE, false, false, i, Bytes.utf8("m" + i), Properties.EMPTY));
            }
            Publish a = sub.readUntil(Publish.class);
            Publish b = sub.readUntil(Publish.class);
            // [MQTT-3.3.4-9] no more than Receive Maximum unacknowledged: the third waits for a PUBACK
            sub.send(new PubAck(a.packetId()));
            Publish c = sub.readUntil(Publish.class);
            assertThat(c.payload().asUtf8()).isEqualTo("m3");
            assertThat(b.payload().asUtf8()).isEqualTo("m2");
        }
    }
}
