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
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every error path of the connection, byte by byte; each one leaves other clients undisturbed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProtocolErrorsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;

    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).maxPacketSize(1024).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** A bystander that must keep working whatever the others do. */
    private void assertBystanderUnaffected(RawClient bystander) throws Exception {
        bystander.send(PingReq.INSTANCE);
        assertThat(bystander.read()).isInstanceOf(PingResp.class);
    }

    @Test
    void connect_unknownLevel_v5ConnAck0x84ThenClose() throws Exception {
        // [MQTT-3.1.2-2] an unknown level (7) gets the 5.0 CONNACK 0x84 (Session Present 0), then close
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.sendRaw(new byte[] {0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 7, 2, 0, 60, 0, 0});
            assertThat(c.readRaw()).containsExactly(0x20, 3, 0, 0x84, 0);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_unsupportedLowLevel_v311ReturnCode1() throws Exception {
        // level 2 under the name "MQTT": answered in the 3.1.1 format
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.sendRaw(new byte[] {0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 2, 2, 0, 60, 0, 0});
            assertThat(c.readRaw()).containsExactly(0x20, 2, 0, 1);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_bridgeLevel0x84_acceptedOwnMessagesNotSentBackRetainKept() throws Exception {
        // mosquitto's bridges send 3.1.1 with the top bit set (try_private); as mosquitto, the broker accepts it
        // and treats the bridge's subscriptions as No Local and Retain As Published
        try (RawClient bridge = new RawClient(broker.port(), V311);
             RawClient other = RawClient.connected(broker.port(), V311, "other", true, Properties.EMPTY)) {
            bridge.sendRaw(new byte[] {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', (byte) 0x84, 2, 0, 60, 0, 2, 'b', 'r'});
            assertThat(bridge.readRaw()).containsExactly(0x20, 2, 0, 0);
            bridge.subscribe(1, "br/#", QoS.AT_MOST_ONCE);
            bridge.send(new Publish("br/own", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("mine"), Properties.EMPTY));
            other.send(new Publish("br/other", QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8("theirs"), Properties.EMPTY));
            Publish got = (Publish) bridge.read();
            assertThat(got.topic()).isEqualTo("br/other"); // not br/own, which came from the bridge itself
            assertThat(got.retain()).isTrue(); // 3.1.1 clients get RETAIN 0 here [MQTT-3.3.1-9]; a bridge keeps it
            bridge.assertNothingPending();
        }
        try (RawClient c = new RawClient(broker.port(), V5)) { // the bit on 5.0: no such level, CONNACK 0x84
            c.sendRaw(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', (byte) 0x85, 2, 0, 60, 0, 0, 0});
            assertThat(c.readRaw()).containsExactly(0x20, 3, 0, 0x84, 0);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void firstPacket_notConnect_closed() throws Exception {
        // [MQTT-3.1.0-1]
        try (RawClient bystander = RawClient.connected(broker.port(), V5, "b", true, Properties.EMPTY);
             RawClient c = new RawClient(broker.port(), V311)) {
            c.send(PingReq.INSTANCE);
            assertThat(c.closedByBroker()).isTrue();
            assertBystanderUnaffected(bystander);
        }
    }

    @Test
    void secondConnect_v5_disconnectProtocolError() throws Exception {
        // [MQTT-3.1.0-2]
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(RawClient.connectPacket(V5, "c", true, 60, null, Properties.EMPTY));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void secondConnect_v311_closed() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V311, "c", true, Properties.EMPTY)) {
            c.send(RawClient.connectPacket(V311, "c", true, 60, null, Properties.EMPTY));
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void malformedPacket_afterConnAck_disconnect0x81() throws Exception {
        // [MQTT-4.13.1-1] a PUBLISH with QoS 3 is malformed
        try (RawClient bystander = RawClient.connected(broker.port(), V5, "b", true, Properties.EMPTY);
             RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.sendRaw(new byte[] {0x36, 6, 0, 1, 't', 0, 1, 0});
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            assertThat(c.closedByBroker()).isTrue();
            assertBystanderUnaffected(bystander);
        }
    }

    @Test
    void malformedPacket_v311_closedWithoutDisconnect() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V311, "c", true, Properties.EMPTY)) {
            c.sendRaw(new byte[] {0x36, 5, 0, 1, 't', 0, 1});
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void packetTooLarge_disconnect0x95() throws Exception {
        // over the Maximum Packet Size the CONNACK advertised
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "big", true, 60, null, Properties.EMPTY));
            assertThat(ack.properties().getInt(PropertyId.MAXIMUM_PACKET_SIZE, 0)).isEqualTo(1024);
            c.send(Publish.of("t", Bytes.wrap(new byte[2000])));
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_tooLargeV5_connAck0x95() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Properties big = Properties.builder().userProperty("pad", "x".repeat(2000)).build();
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "big", true, 60, null, big));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void keepAlive_silentFor1Point5Times_closedWith0x8D() throws Exception {
        // [MQTT-3.1.2-22] 1.5 x keep alive without a packet closes the connection
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.connect(RawClient.connectPacket(V5, "ka", true, 1, null, Properties.EMPTY));
            long start = System.nanoTime();
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void keepAlive_pingsKeepConnectionOpen() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.connect(RawClient.connectPacket(V311, "ka", true, 1, null, Properties.EMPTY));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000);
            while (System.nanoTime() < end) {
                c.send(PingReq.INSTANCE); // [MQTT-3.12.4-1]
                assertThat(c.read()).isInstanceOf(PingResp.class);
                await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            }
        }
    }

    @Test
    void keepAliveZero_neverTimesOut() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.connect(RawClient.connectPacket(V311, "ka0", true, 0, null, Properties.EMPTY));
            await().pollDelay(Duration.ofMillis(2000)).until(() -> true);
            c.send(PingReq.INSTANCE);
            assertThat(c.read()).isInstanceOf(PingResp.class);
        }
    }

    @Test
    void serverKeepAlive_limitsClientKeepAlive() throws Exception {
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).serverKeepAlive(30).build().start();
             RawClient c = new RawClient(b.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "ka", true, 0, null, Properties.EMPTY));
            assertThat(ack.properties().getInt(PropertyId.SERVER_KEEP_ALIVE, -1)).isEqualTo(30); // [MQTT-3.2.2-21]
        }
    }

    @Test
    void emptyClientId_v311WithoutCleanSession_returnCode2() throws Exception {
        // [MQTT-3.1.3-8] (3.1.1)
        try (RawClient c = new RawClient(broker.port(), V311)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V311, "", false, 60, null, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void emptyClientId_v5_assignedClientIdentifier() throws Exception {
        // [MQTT-3.2.2-16]
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "", true, 60, null, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(ack.properties().getString(PropertyId.ASSIGNED_CLIENT_IDENTIFIER)).isNotEmpty();
        }
    }

    @Test
    void connAck_v5PropertiesTellTheTruth() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "p", true, 60, null, Properties.EMPTY));
            Properties p = ack.properties();
            assertThat(p.getInt(PropertyId.RECEIVE_MAXIMUM, -1)).isPositive();
            assertThat(p.getInt(PropertyId.RETAIN_AVAILABLE, -1)).isEqualTo(1);
            assertThat(p.getInt(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, -1)).isEqualTo(1);
            assertThat(p.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0)).isPositive();
            assertThat(p.has(PropertyId.ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
        }
    }

    @Test
    void topicAlias_inboundAliasResolves_andInvalidAliasDisconnects0x94() throws Exception {
        try (RawClient sub = RawClient.connected(broker.port(), V5, "s", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "p", true, Properties.EMPTY)) {
            sub.subscribe(1, "alias/t", QoS.AT_MOST_ONCE);
            Properties alias = Properties.builder().set(PropertyId.TOPIC_ALIAS, 1).build();
            pub.send(Publish.of("alias/t", Bytes.utf8("1")).withProperties(alias));
            pub.send(Publish.of("", Bytes.utf8("2")).withProperties(alias));
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("1");
            Publish second = sub.readUntil(Publish.class);
            assertThat(second.topic()).isEqualTo("alias/t");
            assertThat(second.properties().has(PropertyId.TOPIC_ALIAS)).isFalse();
            pub.send(Publish.of("x", Bytes.utf8("3"))
                    .withProperties(Properties.builder().set(PropertyId.TOPIC_ALIAS, 1000).build()));
            assertThat(pub.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
        }
    }

    @Test
    void subscribe_filterOverLevelLimit_failureCodeOthersGranted() throws Exception {
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).maxTopicLevels(3).build().start();
             RawClient c = RawClient.connected(b.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(new Subscribe(1, List.of(new Subscription("a/b/c/d", QoS.AT_LEAST_ONCE),
                    new Subscription("ok", QoS.EXACTLY_ONCE)), Properties.EMPTY));
            SubAck ack = c.readUntil(SubAck.class);
            assertThat(ack.reasonCodes()).containsExactly(ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.GRANTED_QOS_2);
        }
    }

    @Test
    void subscribe_malformedFilter_disconnect0x8F() throws Exception {
        // [MQTT-4.7.1-1] '#' not last: the codec refuses the packet
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(new Subscribe(1, List.of(new Subscription("a/#/b", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_FILTER_INVALID);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void authenticator_wrongPassword_refused0x86OrReturnCode4() throws Exception {
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0)
                .authenticator((id, user, password) -> "u".equals(user) && password != null
                        && password.asUtf8().equals("p"))
                .build().start()) {
            for (ProtocolVersion v : List.of(V5, V311)) {
                try (RawClient bad = new RawClient(b.port(), v); RawClient good = new RawClient(b.port(), v)) {
                    ConnAck refused = bad.connect(new io.mqttools.protocol.packet.Connect(v, "c", true, 60, "u",
                            Bytes.utf8("wrong"), null, Properties.EMPTY));
                    assertThat(refused.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                    assertThat(bad.closedByBroker()).isTrue();
                    ConnAck ok = good.connect(new io.mqttools.protocol.packet.Connect(v, "c", true, 60, "u",
                            Bytes.utf8("p"), null, Properties.EMPTY));
                    assertThat(ok.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                }
            }
        }
    }

    @Test
    void maxConnections_excessConnectRefusedServerBusy() throws Exception {
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).maxConnections(1).build().start();
             RawClient first = RawClient.connected(b.port(), V5, "1", true, Properties.EMPTY);
             RawClient second = new RawClient(b.port(), V5)) {
            ConnAck ack = second.connect(RawClient.connectPacket(V5, "2", true, 60, null, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SERVER_BUSY);
            assertBystanderUnaffected(first);
        }
    }
}
