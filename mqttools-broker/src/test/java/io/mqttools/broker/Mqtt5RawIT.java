package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.routing.InMemoryRetainedStore;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubRec;
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

/** MQTT 5 features of issue #4 and their error paths, byte-level over raw sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Mqtt5RawIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    /** Not UTF-8: a lone continuation byte, and an overlong form. */
    private static final Bytes NOT_UTF8 = Bytes.wrap(new byte[] {'a', (byte) 0x80, (byte) 0xC0, (byte) 0xAF});
    private static final Properties UTF8_FORMAT =
            Properties.builder().set(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1).build();

    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }


    @Test
    void puback_noMatchingSubscribers_0x10InV5Only() throws Exception {
        try (RawClient v5 = RawClient.connected(broker.port(), V5, "p5", true, Properties.EMPTY);
             RawClient v311 = RawClient.connected(broker.port(), V311, "p3", true, Properties.EMPTY)) {
            v5.send(new Publish("nobody", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(v5.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
            v5.send(new Publish("nobody", QoS.EXACTLY_ONCE, false, false, 2, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(v5.readUntil(PubRec.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
            // 3.1.1: a PUBACK is exactly 4 bytes, no reason code
            v311.send(new Publish("nobody", QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(v311.readRaw()).containsExactly(0x40, 0x02, 0x00, 0x07);
        }
    }

    @Test
    void puback_withSubscriber_success() throws Exception {
        try (RawClient sub = RawClient.connected(broker.port(), V5, "s", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "p", true, Properties.EMPTY)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            pub.send(new Publish("t", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(pub.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void suback_filterOverLimits_0x8FInV5And0x80In311() throws Exception {
        // a malformed filter is refused by the codec (DISCONNECT 0x8F, ProtocolErrorsIT); one over the
        // broker's limits is a per-filter failure
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).maxTopicLevels(3).build().start();
             RawClient v5 = RawClient.connected(b.port(), V5, "s5", true, Properties.EMPTY);
             RawClient v311 = RawClient.connected(b.port(), V311, "s3", true, Properties.EMPTY)) {
            v5.send(new Subscribe(1, List.of(new Subscription("ok/#", QoS.AT_LEAST_ONCE),
                    new Subscription("a/b/c/d", QoS.AT_MOST_ONCE)), Properties.EMPTY));
            assertThat(v5.readUntil(SubAck.class).reasonCodes())
                    .containsExactly(ReasonCode.GRANTED_QOS_1, ReasonCode.TOPIC_FILTER_INVALID);
            v311.send(new Subscribe(1, List.of(new Subscription("a/b/c/d", QoS.AT_MOST_ONCE)), Properties.EMPTY));
            // 3.1.1 SUBACK: packet id, then 0x80 Failure [MQTT-3.9.3-2]
            assertThat(v311.readRaw()).containsExactly(0x90, 0x03, 0x00, 0x01, 0x80);
        }
    }

    @Test
    void payloadFormat_invalidUtf8Qos1_pubAck0x99AndNotDelivered() throws Exception {
        try (RawClient sub = RawClient.connected(broker.port(), V5, "s", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "p", true, Properties.EMPTY)) {
            sub.subscribe(1, "f", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("f", QoS.AT_LEAST_ONCE, false, false, 1, NOT_UTF8, UTF8_FORMAT));
            assertThat(pub.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            pub.send(new Publish("f", QoS.EXACTLY_ONCE, false, false, 2, NOT_UTF8, UTF8_FORMAT));
            assertThat(pub.readUntil(PubRec.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            pub.send(new Publish("f", QoS.AT_MOST_ONCE, false, false, 0, NOT_UTF8, UTF8_FORMAT)); // dropped
            pub.send(new Publish("f", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("grüße"), UTF8_FORMAT));
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("grüße"); // only the valid one arrives
            assertThat(got.properties().getInt(PropertyId.PAYLOAD_FORMAT_INDICATOR, -1)).isEqualTo(1); // [MQTT-3.3.2-4]
            sub.assertNothingPending();
            assertThat(broker.metrics().droppedInvalidPayload()).isEqualTo(3);
        }
    }

    @Test
    void payloadFormat_unspecifiedBinary_delivered() throws Exception {
        try (RawClient sub = RawClient.connected(broker.port(), V5, "s", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "p", true, Properties.EMPTY)) {
            sub.subscribe(1, "f", QoS.AT_MOST_ONCE);
            pub.send(new Publish("f", QoS.AT_LEAST_ONCE, false, false, 1, NOT_UTF8, Properties.EMPTY));
            assertThat(pub.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(sub.readUntil(Publish.class).payload()).isEqualTo(NOT_UTF8);
        }
    }

    @Test
    void shared_noLocal_disconnect0x82() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(new Subscribe(1, List.of(new Subscription("$share/g/t", QoS.AT_MOST_ONCE, true, false,
                    io.mqttools.protocol.RetainHandling.SEND_ON_SUBSCRIBE)), Properties.EMPTY));
            // [MQTT-3.8.3-4] No Local on a shared subscription is a protocol error
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(d.properties().getString(PropertyId.REASON_STRING)).contains("No Local");
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void shared_subscribe_retainedNotSent() throws Exception {
        try (RawClient pub = RawClient.connected(broker.port(), V5, "p", true, Properties.EMPTY);
             RawClient sub = RawClient.connected(broker.port(), V5, "s", true, Properties.EMPTY)) {
            pub.send(new Publish("r", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("kept"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            sub.subscribe(1, "$share/g/r", QoS.AT_LEAST_ONCE); // 4.8.2: no retained messages on a shared subscribe
            sub.assertNothingPending();
            sub.subscribe(2, "r", QoS.AT_LEAST_ONCE);
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("kept"); // it is retained
        }
    }

    @Test
    void connAck_clientMaximumPacketSizeSmall_connAckFitsWithoutRedundantFlags() throws Exception {
        // [MQTT-3.1.2-24] the CONNACK too stays within the client's Maximum Packet Size
        Properties twenty = Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 20).build();
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "small", true, 60, null, twenty));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(io.mqttools.protocol.codec.PacketEncoder.encodedSize(V5, ack)).isLessThanOrEqualTo(20);
            assertThat(ack.properties().getInt(PropertyId.RECEIVE_MAXIMUM, -1)).isPositive();
            assertThat(ack.properties().has(PropertyId.RETAIN_AVAILABLE)).isFalse(); // absent means available
        }
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "large", true, 60, null, Properties.EMPTY));
            assertThat(ack.properties().getInt(PropertyId.RETAIN_AVAILABLE, -1)).isEqualTo(1);
        }
    }

    @Test
    void maximumPacketSize_messageTooLargeForSubscriber_discardedAsIfDeliveredAndCounted() throws Exception {
        Properties small = Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 64).build();
        try (RawClient sub = RawClient.connected(broker.port(), V5, "s", true, small);
             RawClient pub = RawClient.connected(broker.port(), V5, "p", true, Properties.EMPTY)) {
            sub.subscribe(1, "big", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("big", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.wrap(new byte[200]),
                    Properties.EMPTY));
            // [MQTT-3.1.2-25] discarded as if it had been sent: the publisher hears of a subscriber
            assertThat(pub.readUntil(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            pub.send(new Publish("big", QoS.AT_LEAST_ONCE, false, false, 2, Bytes.utf8("small"), Properties.EMPTY));
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("small");
            assertThat(broker.metrics().droppedTooLarge()).isEqualTo(1);
        }
    }

    @Test
    void messageExpiry_offlineQueue_expiredNotDeliveredOthersAre() throws Exception {
        InMemoryRetainedStore store = new InMemoryRetainedStore();
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).retainedStore(() -> store).build().start()) {
            Properties persistent = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 300L).build();
            try (RawClient sub = RawClient.connected(b.port(), V5, "s", true, persistent)) {
                sub.subscribe(1, "e", QoS.AT_LEAST_ONCE);
            }
            try (RawClient pub = RawClient.connected(b.port(), V5, "p", true, Properties.EMPTY)) {
                Properties oneSecond = Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 1L).build();
                pub.send(new Publish("e", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("short"), oneSecond));
                pub.readUntil(PubAck.class);
                pub.send(new Publish("e2", QoS.AT_LEAST_ONCE, false, false, 2, Bytes.utf8("x"), Properties.EMPTY));
                pub.readUntil(PubAck.class);
                pub.send(new Publish("e", QoS.AT_LEAST_ONCE, false, false, 3, Bytes.utf8("lasting"), Properties.EMPTY));
                pub.readUntil(PubAck.class);
            }
            // the retained copy of the same message runs out at the same time: wait for that
            await().atMost(Duration.ofSeconds(5)).until(() -> store.match("e").isEmpty());
            try (RawClient sub = RawClient.connected(b.port(), V5, "s", false, persistent)) {
                Publish got = sub.readUntil(Publish.class); // [MQTT-3.3.2-5] the expired one is not sent
                assertThat(got.payload().asUtf8()).isEqualTo("lasting");
                sub.send(new PubAck(got.packetId()));
                sub.assertNothingPending();
                assertThat(b.metrics().expired()).isEqualTo(1);
            }
        }
    }

    @Test
    void retained_expiredMessageRemovedBySweep() throws Exception {
        InMemoryRetainedStore store = new InMemoryRetainedStore();
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).retainedStore(() -> store)
                .retainedExpirySweep(Duration.ofMillis(100)).sysInterval(Duration.ZERO).build().start(); // no $SYS in the store
             RawClient pub = RawClient.connected(b.port(), V5, "p", true, Properties.EMPTY)) {
            Properties oneSecond = Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 1L).build();
            pub.send(new Publish("gone", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("x"), oneSecond));
            pub.send(new Publish("kept", QoS.AT_LEAST_ONCE, true, false, 2, Bytes.utf8("y"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.readUntil(PubAck.class);
            assertThat(store.size()).isEqualTo(2);
            // nobody subscribes again: only the broker's periodic sweep can remove it
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 1);
            assertThat(store.match("kept")).hasSize(1);
        }
    }

    @Test
    void responseInformation_requestedAndConfigured_sentInConnAck() throws Exception {
        Properties request = Properties.builder().set(PropertyId.REQUEST_RESPONSE_INFORMATION, 1).build();
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).responseInformation("reply/").build().start();
             RawClient asks = new RawClient(b.port(), V5);
             RawClient doesNotAsk = new RawClient(b.port(), V5)) {
            ConnAck ack = asks.connect(RawClient.connectPacket(V5, "asker", true, 60, null, request));
            assertThat(ack.properties().getString(PropertyId.RESPONSE_INFORMATION)).isEqualTo("reply/asker");
            ConnAck plain = doesNotAsk.connect(RawClient.connectPacket(V5, "quiet", true, 60, null, Properties.EMPTY));
            // [MQTT-3.1.2-28] not sent unless requested
            assertThat(plain.properties().has(PropertyId.RESPONSE_INFORMATION)).isFalse();
        }
        try (RawClient asks = new RawClient(broker.port(), V5)) { // not configured: none
            ConnAck ack = asks.connect(RawClient.connectPacket(V5, "asker", true, 60, null, request));
            assertThat(ack.properties().has(PropertyId.RESPONSE_INFORMATION)).isFalse();
        }
    }

    @Test
    void reasonString_onErrorDisconnect_unlessProblemInformationRefused() throws Exception {
        Properties alias1000 = Properties.builder().set(PropertyId.TOPIC_ALIAS, 1000).build();
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(Publish.of("x", Bytes.utf8("1")).withProperties(alias1000));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
            assertThat(d.properties().getString(PropertyId.REASON_STRING)).contains("1000");
        }
        Properties noProblems = Properties.builder().set(PropertyId.REQUEST_PROBLEM_INFORMATION, 0).build();
        try (RawClient c = RawClient.connected(broker.port(), V5, "q", true, noProblems)) {
            c.send(Publish.of("x", Bytes.utf8("1")).withProperties(alias1000));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
            assertThat(d.properties().has(PropertyId.REASON_STRING)).isFalse();
        }
        Properties tiny = Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 8).build();
        try (RawClient c = RawClient.connected(broker.port(), V5, "t", true, tiny)) {
            c.send(Publish.of("x", Bytes.utf8("1")).withProperties(alias1000));
            // [MQTT-3.14.2-3] the Reason String would make the DISCONNECT too large for the client
            assertThat(c.readRaw()).containsExactly(0xE0, 0x01, 0x94);
        }
    }

    @Test
    void reasonString_onRefusedConnAck_v5Only() throws Exception {
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0)
                .authenticator((id, user, password) -> false).build().start()) {
            try (RawClient c = new RawClient(b.port(), V5)) {
                ConnAck ack = c.connect(new Connect(V5, "c", true, 60, "u", Bytes.utf8("p"), null, Properties.EMPTY));
                assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                assertThat(ack.properties().getString(PropertyId.REASON_STRING)).contains("not authenticated");
            }
            try (RawClient c = new RawClient(b.port(), V5)) {
                Properties noProblems = Properties.builder().set(PropertyId.REQUEST_PROBLEM_INFORMATION, 0).build();
                ConnAck ack = c.connect(new Connect(V5, "c", true, 60, "u", Bytes.utf8("p"), null, noProblems));
                assertThat(ack.properties().has(PropertyId.REASON_STRING)).isFalse();
            }
            try (RawClient c = new RawClient(b.port(), V311)) {
                c.send(new Connect(V311, "c", true, 60, "u", Bytes.utf8("p"), null, Properties.EMPTY));
                assertThat(c.readRaw()).containsExactly(0x20, 0x02, 0x00, 0x04); // return code 4, nothing more
            }
        }
    }

    @Test
    void authenticationMethod_noAuthenticatorSupportsIt_connAck0x8C() throws Exception {
        Properties method = Properties.builder().set(PropertyId.AUTHENTICATION_METHOD, "SCRAM-SHA-1").build();
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "c", true, 60, null, method));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void subscriptionIdentifierZero_disconnect0x82() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            // SUBSCRIBE id 1, properties {Subscription Identifier 0}, filter "t", QoS 0 (3.8.2.1.2: 0 is a protocol error)
            c.sendRaw(new byte[] {(byte) 0x82, 9, 0, 1, 2, 0x0B, 0, 0, 1, 't', 0});
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void topicAlias_unknownAliasWithEmptyTopic_disconnect0x82() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(Publish.of("", Bytes.utf8("x")).withProperties(Properties.builder().set(PropertyId.TOPIC_ALIAS, 5).build()));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(d.properties().getString(PropertyId.REASON_STRING)).contains("unknown topic alias");
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void reasonString_onErrorAcks_unlessProblemInformationRefusedOrTooLarge() throws Exception {
        Properties noProblems = Properties.builder().set(PropertyId.REQUEST_PROBLEM_INFORMATION, 0).build();
        Properties tiny = Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 20).build();
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).maxTopicLevels(2).build().start();
             RawClient told = RawClient.connected(b.port(), V5, "told", true, Properties.EMPTY);
             RawClient quiet = RawClient.connected(b.port(), V5, "quiet", true, noProblems);
             RawClient small = RawClient.connected(b.port(), V5, "small", true, tiny)) {
            told.send(new Publish("f", QoS.AT_LEAST_ONCE, false, false, 1, NOT_UTF8, UTF8_FORMAT));
            PubAck ack = told.readUntil(PubAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(ack.properties().getString(PropertyId.REASON_STRING)).contains("not UTF-8");
            told.send(new Subscribe(2, List.of(new Subscription("a/b/c", QoS.AT_MOST_ONCE)), Properties.EMPTY));
            SubAck subAck = told.readUntil(SubAck.class);
            assertThat(subAck.reasonCodes()).containsExactly(ReasonCode.TOPIC_FILTER_INVALID);
            assertThat(subAck.properties().getString(PropertyId.REASON_STRING)).startsWith("a/b/c: ");

            // [MQTT-3.1.2-29] Request Problem Information 0: no Reason String on a PUBACK or SUBACK
            quiet.send(new Publish("f", QoS.AT_LEAST_ONCE, false, false, 1, NOT_UTF8, UTF8_FORMAT));
            PubAck quietAck = quiet.readUntil(PubAck.class);
            assertThat(quietAck.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(quietAck.properties().has(PropertyId.REASON_STRING)).isFalse();
            quiet.send(new Subscribe(2, List.of(new Subscription("a/b/c", QoS.AT_MOST_ONCE)), Properties.EMPTY));
            assertThat(quiet.readUntil(SubAck.class).properties().has(PropertyId.REASON_STRING)).isFalse();

            // [MQTT-3.4.2-2] not when it would make the PUBACK larger than the client's Maximum Packet Size
            small.send(new Publish("f", QoS.AT_LEAST_ONCE, false, false, 7, NOT_UTF8, UTF8_FORMAT));
            assertThat(small.readRaw()).containsExactly(0x40, 0x03, 0x00, 0x07, 0x99);
        }
    }
}
