package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.security.AuthExchange;
import io.mqttools.broker.security.AuthStep;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.UserProperty;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server statements of MQTT 5.0 and 3.1.1 that no other test covered: refused CONNECTs, acknowledgement
 * and packet identifier rules, flow control at zero quota, will properties, Reason Strings too large
 * for the client, and shared subscriptions. Raw sockets, byte-level where the bytes are the point.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConformanceGapsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    private static final Properties PERSISTENT = Properties.builder()
            .set(PropertyId.SESSION_EXPIRY_INTERVAL, 300L).build();
    /** Not UTF-8: a lone continuation byte. */
    private static final Bytes NOT_UTF8 = Bytes.wrap(new byte[] {'a', (byte) 0x80});
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


    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    // ---- CONNECT refused

    @Test
    void connect_wrongProtocolNameV5_connAck0x84AndPipelinedPublishNotRouted() throws Exception {
        // [MQTT-3.1.2-1] protocol name "MQTX", level 5: CONNACK 0x84, closed, nothing behind it processed
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient c = new RawClient(broker.port(), V5)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            byte[] connect = {0x10, 14, 0, 4, 'M', 'Q', 'T', 'X', 5, 2, 0, 60, 0, 0, 1, 'c'};
            c.sendRaw(concat(connect, RawClient.encoded(V5, Publish.of("t", Bytes.utf8("x")), PingReq.INSTANCE)));
            assertThat(c.readRaw()).containsExactly(0x20, 3, 0, 0x84, 0);
            assertThat(c.closedByBroker()).isTrue();
            sub.assertNothingPending();
        }
    }

    @Test
    void connect_wrongProtocolNameV311_returnCode1AndPipelinedPublishNotRouted() throws Exception {
        // [MQTT-3.1.2-1] (3.1.1) a wrong protocol name: the CONNECT is not processed as 3.1.1
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY);
             RawClient c = new RawClient(broker.port(), V311)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            byte[] connect = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'X', 4, 2, 0, 60, 0, 1, 'c'};
            c.sendRaw(concat(connect, RawClient.encoded(V311, Publish.of("t", Bytes.utf8("x")), PingReq.INSTANCE)));
            assertThat(c.readRaw()).containsExactly(0x20, 2, 0, 1);
            assertThat(c.closedByBroker()).isTrue();
            sub.assertNothingPending();
        }
    }

    @Test
    void connect_v31ClientIdOver23Characters_returnCode2ThenClosed() throws Exception {
        // [MQTT-3.1.3-8] a Client Identifier the server rejects (3.1 allows 1..23 characters):
        // identifier rejected, then the connection is closed
        try (RawClient c = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1)) {
            c.send(RawClient.connectPacket(ProtocolVersion.MQTT_3_1, "x".repeat(24), true, 60, null,
                    Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x20, 2, 0, 2);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_refused_pipelinedPacketsNotProcessed() throws Exception {
        // [MQTT-3.1.4-6] (5.0) and [MQTT-3.1.4-5] (3.1.1): after a refused CONNECT nothing else from
        // that client is processed: its PUBLISH is not routed, its SUBSCRIBE and PINGREQ get no answer
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0)
                .authenticator((id, user, password) -> !id.startsWith("bad")).build().start();
             RawClient sub = RawClient.connected(b.port(), V5, "sub", true, Properties.EMPTY)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            for (ProtocolVersion v : List.of(V5, V311)) {
                try (RawClient c = new RawClient(b.port(), v)) {
                    c.sendRaw(RawClient.encoded(v, RawClient.connectPacket(v, "bad", true, 60, null, Properties.EMPTY),
                            Publish.of("t", Bytes.utf8("x")),
                            new Subscribe(1, List.of(new Subscription("u", QoS.AT_MOST_ONCE)), Properties.EMPTY),
                            PingReq.INSTANCE));
                    ConnAck ack = (ConnAck) c.read();
                    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                    assertThat(c.closedByBroker()).isTrue(); // and no SUBACK or PINGRESP before the close
                }
            }
            sub.assertNothingPending();
        }
    }

    @Test
    void connect_malformedV5_connAckNotDisconnect() throws Exception {
        // [MQTT-3.14.0-1] no DISCONNECT before a successful CONNACK: a malformed CONNECT (reserved
        // flag bit set) is answered with a CONNACK reason code, then closed
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.sendRaw(new byte[] {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 5, 3, 0, 60, 0, 0, 1, 'c'});
            Packet first = c.read();
            assertThat(first).isInstanceOf(ConnAck.class);
            assertThat(((ConnAck) first).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void disconnectFromServer_neverCarriesSessionExpiryInterval() throws Exception {
        // [MQTT-3.14.2-2] a session with an expiry interval: neither the takeover DISCONNECT nor a
        // protocol-error DISCONNECT carries Session Expiry Interval
        try (RawClient first = RawClient.connected(broker.port(), V5, "same", true, PERSISTENT);
             RawClient second = RawClient.connected(broker.port(), V5, "same", false, PERSISTENT)) {
            Disconnect takenOver = first.readUntil(Disconnect.class);
            assertThat(takenOver.reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
            assertThat(takenOver.properties().has(PropertyId.SESSION_EXPIRY_INTERVAL)).isFalse();
            second.send(RawClient.connectPacket(V5, "same", false, 60, null, PERSISTENT));
            Disconnect error = second.readUntil(Disconnect.class);
            assertThat(error.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(error.properties().has(PropertyId.SESSION_EXPIRY_INTERVAL)).isFalse();
        }
    }

    // ---- UNSUBSCRIBE

    @Test
    void unsubscribe_duringQos2Delivery_deliveryCompleted() throws Exception {
        // [MQTT-3.10.4-3] (5.0 and 3.1.1) a QoS 2 delivery already started goes on to PUBREL after the UNSUBSCRIBE
        for (ProtocolVersion v : List.of(V5, V311)) {
            try (RawClient sub = RawClient.connected(broker.port(), v, "sub", true, Properties.EMPTY);
                 RawClient pub = RawClient.connected(broker.port(), v, "pub", true, Properties.EMPTY)) {
                sub.subscribe(1, "t", QoS.EXACTLY_ONCE);
                pub.send(new Publish("t", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
                Publish got = sub.readUntil(Publish.class);
                sub.send(new Unsubscribe(2, List.of("t"), Properties.EMPTY));
                assertThat(sub.readUntil(UnsubAck.class).packetId()).isEqualTo(2);
                sub.send(new PubRec(got.packetId()));
                PubRel rel = sub.readUntil(PubRel.class);
                assertThat(rel.packetId()).isEqualTo(got.packetId());
                assertThat(rel.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                sub.send(new PubComp(got.packetId()));
                sub.assertNothingPending();
            }
        }
    }

    @Test
    void unsubscribe_severalFilters_oneUnsubAckWithACodeEach() throws Exception {
        // [MQTT-3.10.4-6] one UNSUBACK for the whole UNSUBSCRIBE, a reason code per filter in order
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.send(new Subscribe(1, List.of(new Subscription("a", QoS.AT_MOST_ONCE),
                    new Subscription("c/#", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            c.readUntil(SubAck.class);
            c.send(new Unsubscribe(2, List.of("a", "b", "c/#"), Properties.EMPTY));
            UnsubAck ack = (UnsubAck) c.read();
            assertThat(ack.packetId()).isEqualTo(2);
            assertThat(ack.reasonCodes()).containsExactly(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED,
                    ReasonCode.SUCCESS);
            c.assertNothingPending();
        }
        try (RawClient c = RawClient.connected(broker.port(), V311, "c3", true, Properties.EMPTY)) {
            c.send(new Unsubscribe(3, List.of("a", "b", "c"), Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0xB0, 2, 0, 3); // 3.1.1: no payload, one packet
            c.assertNothingPending();
        }
    }

    // ---- packet identifiers after the exchange ends

    @Test
    void publishQos1_samePacketIdAfterPubAck_deliveredAgainAsNewMessage() throws Exception {
        // [MQTT-4.3.2-5] once the broker sent PUBACK, the same packet id starts a new message
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            for (String payload : List.of("one", "two")) {
                pub.send(new Publish("t", QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8(payload), Properties.EMPTY));
                assertThat(pub.readUntil(PubAck.class).packetId()).isEqualTo(7);
                assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo(payload);
            }
        }
    }

    @Test
    void publishQos2_samePacketIdAfterPubComp_deliveredAgainAsNewMessage() throws Exception {
        // [MQTT-4.3.3-12] once the broker sent PUBCOMP, the same packet id starts a new message
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            for (String payload : List.of("one", "two")) {
                pub.send(new Publish("t", QoS.EXACTLY_ONCE, false, false, 9, Bytes.utf8(payload), Properties.EMPTY));
                assertThat(pub.readUntil(PubRec.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
                pub.send(new PubRel(9));
                assertThat(pub.readUntil(PubComp.class).packetId()).isEqualTo(9);
                assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo(payload);
            }
        }
    }

    @Test
    void publishQos2_samePacketIdAfterErrorPubRec_newMessage() throws Exception {
        // [MQTT-4.3.3-9] after a PUBREC of 0x80 or more the packet id is free: the next PUBLISH with it
        // is a new message, accepted and delivered
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "t", QoS.AT_MOST_ONCE);
            pub.send(new Publish("t", QoS.EXACTLY_ONCE, false, false, 5, NOT_UTF8, UTF8_FORMAT));
            assertThat(pub.readUntil(PubRec.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
            pub.send(new Publish("t", QoS.EXACTLY_ONCE, false, false, 5, Bytes.utf8("ok"), UTF8_FORMAT));
            assertThat(pub.readUntil(PubRec.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("ok");
        }
    }

    @Test
    void delivery_subscriberAcksWithErrorCode_notRetransmittedOnResume() throws Exception {
        // [MQTT-4.4.0-2] a PUBACK or PUBREC of 0x80 or more acknowledges the message: the resumed
        // session re-sends neither
        try (RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, PERSISTENT)) {
                sub.subscribe(1, "q1", QoS.AT_LEAST_ONCE);
                sub.subscribe(2, "q2", QoS.EXACTLY_ONCE);
                pub.send(new Publish("q1", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("1"), Properties.EMPTY));
                Publish one = sub.readUntil(Publish.class);
                sub.send(new PubAck(one.packetId(), ReasonCode.UNSPECIFIED_ERROR, Properties.EMPTY));
                pub.send(new Publish("q2", QoS.EXACTLY_ONCE, false, false, 2, Bytes.utf8("2"), Properties.EMPTY));
                Publish two = sub.readUntil(Publish.class);
                sub.send(new PubRec(two.packetId(), ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, Properties.EMPTY));
                sub.assertNothingPending(); // no PUBREL for the refused QoS 2 message
                sub.send(Disconnect.NORMAL);
                assertThat(sub.closedByBroker()).isTrue();
            }
            try (RawClient sub = new RawClient(broker.port(), V5)) {
                ConnAck ack = sub.connect(RawClient.connectPacket(V5, "sub", false, 60, null, PERSISTENT));
                assertThat(ack.sessionPresent()).isTrue();
                sub.assertNothingPending();
            }
        }
    }

    @Test
    void forwardedPublish_incomingDupSet_copiesHaveDupClear() throws Exception {
        // [MQTT-3.3.1-3] DUP on the copies depends only on whether they are re-sends, not on the incoming DUP
        try (RawClient sub1 = RawClient.connected(broker.port(), V5, "s1", true, Properties.EMPTY);
             RawClient sub2 = RawClient.connected(broker.port(), V311, "s2", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub1.subscribe(1, "t", QoS.AT_LEAST_ONCE);
            sub2.subscribe(1, "t", QoS.EXACTLY_ONCE);
            pub.send(new Publish("t", QoS.AT_LEAST_ONCE, false, true, 3, Bytes.utf8("x"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            Publish a = sub1.readUntil(Publish.class);
            Publish b = sub2.readUntil(Publish.class);
            assertThat(a.dup()).isFalse();
            assertThat(b.dup()).isFalse();
            assertThat(b.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        }
    }

    // ---- flow control

    @Test
    void zeroSendQuota_pingSubscribeAndPublishStillAnswered() throws Exception {
        // [MQTT-3.3.4-10] [MQTT-4.9.0-3] a client whose Receive Maximum (1) is used up still gets
        // PINGRESP, SUBACK and PUBACK; only the next PUBLISH to it waits
        Properties receiveOne = Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 1).build();
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, receiveOne);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "q", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("q", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("1"), Properties.EMPTY));
            pub.send(new Publish("q", QoS.AT_LEAST_ONCE, false, false, 2, Bytes.utf8("2"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.readUntil(PubAck.class); // both routed: the second is queued for sub
            Publish first = (Publish) sub.read();
            assertThat(first.payload().asUtf8()).isEqualTo("1");
            sub.send(PingReq.INSTANCE);
            assertThat(sub.read()).isInstanceOf(PingResp.class);
            sub.send(new Subscribe(2, List.of(new Subscription("other", QoS.AT_MOST_ONCE)), Properties.EMPTY));
            assertThat(sub.read()).isInstanceOf(SubAck.class);
            sub.send(new Publish("elsewhere", QoS.AT_LEAST_ONCE, false, false, 9, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(((PubAck) sub.read()).packetId()).isEqualTo(9);
            sub.send(new PubAck(first.packetId()));
            assertThat(((Publish) sub.read()).payload().asUtf8()).isEqualTo("2");
        }
    }

    // ---- wills

    @Test
    void connectWithoutWillFlag_v311ConnectionLost_nothingPublished() throws Exception {
        // [MQTT-3.1.2-12] (3.1.1) no Will Flag: no will message when the connection is lost
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY)) {
            sub.subscribe(1, "#", QoS.AT_MOST_ONCE);
            RawClient c = RawClient.connected(broker.port(), V311, "nowill", true, Properties.EMPTY);
            c.close(); // no DISCONNECT
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.connectionCount() == 1);
            sub.assertNothingPending();
        }
    }

    @Test
    void will_withUserProperties_deliveredInTheirOrder() throws Exception {
        // [MQTT-3.1.3-10] the will's User Properties arrive unchanged and in order, repeated names too
        Properties props = Properties.builder().userProperty("b", "1").userProperty("a", "2")
                .userProperty("b", "3").build();
        Will will = new Will("will/t", Bytes.utf8("gone"), QoS.AT_MOST_ONCE, false, props);
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY)) {
            sub.subscribe(1, "will/t", QoS.AT_MOST_ONCE);
            RawClient c = new RawClient(broker.port(), V5);
            c.connect(RawClient.connectPacket(V5, "dying", true, 60, will, Properties.EMPTY));
            c.close(); // no DISCONNECT: the will is due
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("gone");
            assertThat(got.properties().userProperties()).containsExactly(new UserProperty("b", "1"),
                    new UserProperty("a", "2"), new UserProperty("b", "3"));
        }
    }

    // ---- Reason Strings too large for the client

    @Test
    void reasonString_tooLargeForClient_leftOutOfConnAckPubRecAndSubAck() throws Exception {
        Properties tiny = Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 20).build();
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).maxTopicLevels(2)
                .authenticator((id, user, password) -> !id.equals("refused")).build().start()) {
            try (RawClient c = new RawClient(b.port(), V5)) {
                // [MQTT-3.2.2-19] refused CONNACK without its Reason String
                c.send(RawClient.connectPacket(V5, "refused", true, 60, null, tiny));
                assertThat(c.readRaw()).containsExactly(0x20, 3, 0, 0x86, 0);
            }
            try (RawClient c = RawClient.connected(b.port(), V5, "small", true, tiny)) {
                // [MQTT-3.5.2-2] PUBREC 0x99 without its Reason String
                c.send(new Publish("f", QoS.EXACTLY_ONCE, false, false, 7, NOT_UTF8, UTF8_FORMAT));
                assertThat(c.readRaw()).containsExactly(0x50, 3, 0, 7, 0x99);
                // [MQTT-3.9.2-1] SUBACK 0x8F without its Reason String
                c.send(new Subscribe(8, List.of(new Subscription("a/b/c", QoS.AT_MOST_ONCE)), Properties.EMPTY));
                assertThat(c.readRaw()).containsExactly(0x90, 4, 0, 8, 0, 0x8F);
            }
        }
    }

    // ---- shared subscriptions

    @Test
    void sharedSubscription_memberGrantedLowerQos_getsAtMostThatQos() throws Exception {
        // [MQTT-4.8.2-3] a member granted QoS 0 gets a QoS 1 message at QoS 0
        try (RawClient member = RawClient.connected(broker.port(), V5, "m", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            member.subscribe(1, "$share/g/s", QoS.AT_MOST_ONCE);
            pub.send(new Publish("s", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            Publish got = member.readUntil(Publish.class);
            assertThat(got.qos()).isEqualTo(QoS.AT_MOST_ONCE);
            member.subscribe(2, "$share/h/s1", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("s1", QoS.EXACTLY_ONCE, false, false, 2, Bytes.utf8("y"), Properties.EMPTY));
            assertThat(member.readUntil(Publish.class).qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        }
    }

    @Test
    void sharedSubscription_memberAcksWithErrorCode_noOtherMemberGetsIt() throws Exception {
        // [MQTT-4.8.2-6] a failure PUBACK to a shared delivery discards the message
        try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, Properties.EMPTY);
             RawClient m2 = RawClient.connected(broker.port(), V5, "m2", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            m1.subscribe(1, "$share/g/x", QoS.AT_LEAST_ONCE);
            m2.subscribe(1, "$share/g/x", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("x", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            RawClient receiver = m1;
            RawClient other = m2;
            Packet got = m1.readWithin(2000);
            if (got == null) {
                receiver = m2;
                other = m1;
                got = m2.read();
            }
            Publish p = (Publish) got;
            receiver.send(new PubAck(p.packetId(), ReasonCode.UNSPECIFIED_ERROR, Properties.EMPTY));
            receiver.assertNothingPending();
            assertThat(other.readWithin(1000)).isNull();
            other.assertNothingPending();
        }
    }

    // ---- enhanced authentication

    @Test
    void connect_withoutAuthenticationMethod_noAuthAndNoMethodInConnAck() throws Exception {
        // [MQTT-4.12.0-6] no Authentication Method in CONNECT: no AUTH, no method or data in CONNACK,
        // even from a broker whose authenticator would challenge any method
        Authenticator challengesEveryMethod = new Authenticator() {
            @Override
            public boolean authenticate(String clientId, String username, Bytes password) {
                return true;
            }

            @Override
            public AuthExchange startExchange(String clientId, String username, String method) {
                return clientData -> AuthStep.challenge(Bytes.utf8("prove it"));
            }
        };
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0).authenticator(challengesEveryMethod)
                .build().start();
             RawClient c = new RawClient(b.port(), V5)) {
            c.send(RawClient.connectPacket(V5, "plain", true, 60, null, Properties.EMPTY));
            Packet first = c.read();
            assertThat(first).isInstanceOf(ConnAck.class);
            ConnAck ack = (ConnAck) first;
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(ack.properties().has(PropertyId.AUTHENTICATION_METHOD)).isFalse();
            assertThat(ack.properties().has(PropertyId.AUTHENTICATION_DATA)).isFalse();
            c.assertNothingPending();
        }
    }

    // ---- more refusals and flows

    @Test
    void connect_malformedV311_closedWithoutConnAck() throws Exception {
        // [MQTT-3.1.4-1] (3.1.1) [MQTT-3.2.2-6] a CONNECT breaking the rules (reserved flag bit set) has no
        // fitting 3.1.1 return code: the connection is closed without a CONNACK
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.sendRaw(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 3, 0, 60, 0, 1, 'c'});
            assertThatThrownBy(c::readRaw).isInstanceOfAny(EOFException.class, SocketException.class);
        }
    }

    @Test
    void publish_topicNameWithWildcard_refusedAndNotRouted() throws Exception {
        // [MQTT-3.3.2-2] [MQTT-4.7.0-1] "a/#" as a Topic Name: 5.0 DISCONNECT 0x90, 3.1.1 closed; nobody gets it
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY)) {
            sub.subscribe(1, "#", QoS.AT_MOST_ONCE);
            try (RawClient c = RawClient.connected(broker.port(), V5, "c5", true, Properties.EMPTY)) {
                c.sendRaw(new byte[] {0x30, 6, 0, 3, 'a', '/', '#', 0});
                assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
                assertThat(c.closedByBroker()).isTrue();
            }
            try (RawClient c = RawClient.connected(broker.port(), V311, "c3", true, Properties.EMPTY)) {
                c.sendRaw(new byte[] {0x30, 5, 0, 3, 'a', '/', '+'});
                assertThat(c.closedByBroker()).isTrue();
            }
            sub.assertNothingPending();
        }
    }

    @Test
    void subscribe_plusNotAWholeLevel_disconnect0x8F() throws Exception {
        // [MQTT-4.7.1-2] "a/b+": '+' must occupy a whole level
        try (RawClient c = RawClient.connected(broker.port(), V5, "c", true, Properties.EMPTY)) {
            c.sendRaw(new byte[] {(byte) 0x82, 10, 0, 1, 0, 0, 4, 'a', '/', 'b', '+', 1});
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_FILTER_INVALID);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void overlappingSubscriptions_v311_deliveredOnceAtTheHighestQos() throws Exception {
        // [MQTT-3.3.5-1] (3.1.1) "a/#" at QoS 0 and "a/b" at QoS 1 both match: delivered at QoS 1
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "a/#", QoS.AT_MOST_ONCE);
            sub.subscribe(2, "a/b", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("a/b", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            Publish got = (Publish) sub.read();
            assertThat(got.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            sub.send(new PubAck(got.packetId()));
            sub.assertNothingPending();
        }
    }

    @Test
    void qos2Delivery_expiresAfterSent_stillResentOnResume() throws Exception {
        // [MQTT-4.3.3-7] once a QoS 2 PUBLISH is sent, its expiry no longer applies: re-sent with DUP
        Properties oneSecond = Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 1L).build();
        try (RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            int firstId;
            try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, PERSISTENT)) {
                sub.subscribe(1, "e", QoS.EXACTLY_ONCE);
                pub.send(new Publish("e", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("brief"), oneSecond));
                pub.readUntil(PubRec.class);
                pub.send(new PubRel(1));
                pub.readUntil(PubComp.class);
                firstId = sub.readUntil(Publish.class).packetId();
                sub.send(Disconnect.NORMAL); // no PUBREC: the delivery stays in flight
            }
            await().pollDelay(Duration.ofMillis(1500)).until(() -> true); // past the message's expiry
            try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", false, PERSISTENT)) {
                Publish again = sub.readUntil(Publish.class);
                assertThat(again.packetId()).isEqualTo(firstId);
                assertThat(again.dup()).isTrue();
                assertThat(again.payload().asUtf8()).isEqualTo("brief");
            }
        }
    }

    @Test
    void qos2Receive_pubRelAfterMessageExpired_pubCompSent() throws Exception {
        // [MQTT-4.3.3-13] the broker as receiver goes on with the QoS 2 flow for a message that has expired
        Properties oneSecond = Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 1L).build();
        try (RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            pub.send(new Publish("e", QoS.EXACTLY_ONCE, false, false, 4, Bytes.utf8("brief"), oneSecond));
            pub.readUntil(PubRec.class);
            await().pollDelay(Duration.ofMillis(1500)).until(() -> true); // past the message's expiry
            pub.send(new PubRel(4));
            PubComp comp = pub.readUntil(PubComp.class);
            assertThat(comp.packetId()).isEqualTo(4);
            assertThat(comp.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void sharedSubscription_qos2MemberReconnects_deliveryCompletedToIt() throws Exception {
        // [MQTT-4.8.2-4] a QoS 2 shared delivery interrupted after PUBREC is completed (PUBREL) to
        // the same member when it reconnects; the other member gets nothing
        try (RawClient m2 = RawClient.connected(broker.port(), V5, "m2", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            int id;
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, PERSISTENT)) {
                m1.subscribe(1, "$share/g/j", QoS.EXACTLY_ONCE);
                pub.send(new Publish("j", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("job"), Properties.EMPTY));
                pub.readUntil(PubRec.class);
                id = m1.readUntil(Publish.class).packetId();
                m2.subscribe(1, "$share/g/j", QoS.EXACTLY_ONCE);
                m1.send(new PubRec(id));
                assertThat(m1.readUntil(PubRel.class).packetId()).isEqualTo(id);
                m1.send(Disconnect.NORMAL); // no PUBCOMP
            }
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", false, PERSISTENT)) {
                assertThat(m1.readUntil(PubRel.class).packetId()).isEqualTo(id);
                m1.send(new PubComp(id));
                m1.assertNothingPending();
            }
            m2.assertNothingPending();
        }
    }

    @Test
    void matching_unicodeNormalisationForms_notEquated() throws Exception {
        // [MQTT-4.7.3-4] no normalisation when matching: a filter in NFC ("caf\u00e9") does not match the
        // same text in NFD ("cafe" + combining acute), in 5.0 or 3.1.1
        for (ProtocolVersion v : List.of(V5, V311)) {
            try (RawClient sub = RawClient.connected(broker.port(), v, "sub", true, Properties.EMPTY);
                 RawClient pub = RawClient.connected(broker.port(), v, "pub", true, Properties.EMPTY)) {
                sub.subscribe(1, "caf\u00e9/+", QoS.AT_MOST_ONCE);
                pub.send(Publish.of("cafe\u0301/x", Bytes.utf8("nfd")));
                pub.send(Publish.of("caf\u00e9/x", Bytes.utf8("nfc")));
                Publish got = sub.readUntil(Publish.class);
                assertThat(got.payload().asUtf8()).isEqualTo("nfc"); // the NFD one, sent first, did not match
                assertThat(got.topic()).isEqualTo("caf\u00e9/x");
                sub.assertNothingPending();
            }
        }
    }
}
