package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mqttools.broker.config.Listener;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MQTT 3.1.1 server statements checked byte by byte on a raw socket: what closes a 3.1.1 connection
 * (always without a reply: 3.1.1 has no DISCONNECT from the server) and what it leaves behind (the will,
 * nothing routed), the ordering rules of 4.6, strings kept as sent, keep alive, a packet too large to
 * hold, and 3.1.1 over WebSocket. Each test cites the statements it checks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Mqtt311RawIT {
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    private static final int MAX_PACKET = 1024;
    private static final Will WILL = new Will("will/bad", Bytes.utf8("gone"), QoS.AT_MOST_ONCE, false, Properties.EMPTY);

    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0)).listener(Listener.websockets("127.0.0.1", 0))
                .maxPacketSize(MAX_PACKET).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static byte[] b(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    /** The broker closes the connection without sending anything first. */
    private static void assertClosedWithoutReply(RawClient c) throws Exception {
        try {
            byte[] got = c.readRaw();
            fail("expected the connection to be closed without a reply, got " + HexFormat.ofDelimiter(" ").formatHex(got));
        } catch (EOFException | SocketException closed) {
            // as required
        }
    }

    /** A 3.1.1 client subscribed to everything at QoS 0 that sees what gets routed. */
    private RawClient watcher() throws Exception {
        RawClient w = RawClient.connected(broker.port(), V311, "watcher", true, Properties.EMPTY);
        assertThat(w.subscribe(1, "#", QoS.AT_MOST_ONCE).reasonCodes()).hasSize(1);
        return w;
    }

    private RawClient connectedWithWill(String id) throws Exception {
        RawClient c = new RawClient(broker.port(), V311);
        ConnAck ack = c.connect(RawClient.connectPacket(V311, id, true, 60, WILL, Properties.EMPTY));
        assertThat(ack.reasonCode().isError()).isFalse();
        return c;
    }

    // ---- what closes a connected 3.1.1 client

    static Stream<Arguments> malformedAfterConnAck() {
        return Stream.of(
                // [MQTT-2.2.2-1] [MQTT-2.2.2-2] reserved fixed-header flags
                Arguments.of("[MQTT-3.6.1-1] PUBREL with flags 0000", b(0x60, 2, 0, 1)),
                Arguments.of("[MQTT-3.8.1-1] SUBSCRIBE with flags 0000", b(0x80, 6, 0, 1, 0, 1, 't', 0)),
                Arguments.of("[MQTT-3.10.1-1] UNSUBSCRIBE with flags 0000", b(0xA0, 5, 0, 1, 0, 1, 't')),
                Arguments.of("[MQTT-2.2.2-2] PINGREQ with flags 0001", b(0xC1, 0)),
                Arguments.of("[MQTT-2.2.2-2] PUBACK with flags 0010", b(0x42, 2, 0, 1)),
                Arguments.of("[MQTT-3.14.1-1] DISCONNECT with flags 0001", b(0xE1, 0)),
                Arguments.of("[MQTT-4.8.0-1] DISCONNECT with a body", b(0xE0, 1, 0)),
                Arguments.of("[MQTT-4.8.0-1] PINGREQ with a body", b(0xC0, 1, 0)),
                Arguments.of("[MQTT-3.3.1-2] PUBLISH at QoS 0 with DUP", b(0x38, 4, 0, 1, 't', 'x')),
                Arguments.of("[MQTT-3.3.1-4] PUBLISH with QoS 3", b(0x36, 5, 0, 1, 't', 0, 1)),
                // [MQTT-2.3.1-1] a packet identifier of zero
                Arguments.of("[MQTT-2.3.1-1] PUBLISH QoS 1 with packet id 0", b(0x32, 5, 0, 1, 't', 0, 0)),
                Arguments.of("[MQTT-2.3.1-1] SUBSCRIBE with packet id 0", b(0x82, 6, 0, 0, 0, 1, 't', 0)),
                Arguments.of("[MQTT-2.3.1-1] UNSUBSCRIBE with packet id 0", b(0xA2, 5, 0, 0, 0, 1, 't')),
                // SUBSCRIBE and UNSUBSCRIBE payloads
                Arguments.of("[MQTT-3-8.3-4] SUBSCRIBE with a reserved bit of the QoS byte set", b(0x82, 6, 0, 1, 0, 1, 't', 4)),
                Arguments.of("[MQTT-3-8.3-4] SUBSCRIBE asking for QoS 3", b(0x82, 6, 0, 1, 0, 1, 't', 3)),
                Arguments.of("[MQTT-3.8.3-3] SUBSCRIBE without a filter", b(0x82, 2, 0, 1)),
                Arguments.of("[MQTT-3.10.3-2] UNSUBSCRIBE without a filter", b(0xA2, 2, 0, 1)),
                Arguments.of("[MQTT-3.8.3-1] SUBSCRIBE filter not UTF-8", b(0x82, 7, 0, 1, 0, 2, 'a', 0x80, 0)),
                Arguments.of("[MQTT-3.10.3-1] UNSUBSCRIBE filter with U+0000", b(0xA2, 6, 0, 1, 0, 2, 'a', 0)),
                Arguments.of("[MQTT-4.7.1-2] SUBSCRIBE a/#/b", b(0x82, 10, 0, 1, 0, 5, 'a', '/', '#', '/', 'b', 0)),
                Arguments.of("[MQTT-4.7.1-3] SUBSCRIBE a+", b(0x82, 7, 0, 1, 0, 2, 'a', '+', 0)),
                Arguments.of("[MQTT-4.7.3-1] SUBSCRIBE an empty filter", b(0x82, 5, 0, 1, 0, 0, 0)),
                // strings and topic names in PUBLISH
                Arguments.of("[MQTT-1.5.3-1] PUBLISH topic not UTF-8", b(0x30, 5, 0, 2, 'a', 0x80, 'x')),
                Arguments.of("[MQTT-1.5.3-1] PUBLISH topic with an encoded surrogate", b(0x30, 6, 0, 3, 0xED, 0xA0, 0x80, 'x')),
                Arguments.of("[MQTT-1.5.3-2] PUBLISH topic with U+0000", b(0x30, 5, 0, 2, 'a', 0, 'x')),
                Arguments.of("[MQTT-4.7.3-1] PUBLISH with an empty topic", b(0x30, 3, 0, 0, 'x')),
                Arguments.of("[MQTT-4.7.1-1] PUBLISH topic a/+", b(0x30, 6, 0, 3, 'a', '/', '+', 'x')),
                Arguments.of("[MQTT-3.3.2-1] PUBLISH shorter than its topic length", b(0x30, 3, 0, 5, 'a')),
                // packets only a server sends, and AUTH, which 3.1.1 does not have
                Arguments.of("[MQTT-4.8.0-1] CONNACK from a client", b(0x20, 2, 0, 0)),
                Arguments.of("[MQTT-4.8.0-1] SUBACK from a client", b(0x90, 3, 0, 1, 0)),
                Arguments.of("[MQTT-4.8.0-1] PINGRESP from a client", b(0xD0, 0)),
                Arguments.of("[MQTT-4.8.0-1] packet type 15", b(0xF0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedAfterConnAck")
    void malformedOrForbidden_v311_closedWithoutReplyWillPublishedNothingRouted(String statement, byte[] packet)
            throws Exception {
        // [MQTT-4.8.0-1] a protocol violation closes the connection; [MQTT-3.1.2-8] that is not a
        // DISCONNECT, so the will goes out; the offending packet itself is neither answered nor routed
        try (RawClient watcher = watcher(); RawClient c = connectedWithWill("bad")) {
            c.sendRaw(packet);
            assertClosedWithoutReply(c);
            Publish first = watcher.readUntil(Publish.class);
            assertThat(first.topic()).as("the first thing routed is the will").isEqualTo("will/bad");
            watcher.assertNothingPending();
        }
    }

    @Test
    void disconnect_packetsBehindIt_notProcessedWillDiscardedClosed() throws Exception {
        // [MQTT-3.14.4-3] DISCONNECT discards the will; [MQTT-3.14.4-2] is the client's rule that nothing
        // follows a DISCONNECT: the broker closes ([MQTT-3.14.4-1] from its side) and processes nothing after it
        try (RawClient watcher = watcher(); RawClient c = connectedWithWill("leaver")) {
            c.sendRaw(RawClient.encoded(V311, Disconnect.NORMAL, Publish.of("after/disconnect", Bytes.utf8("x")),
                    PingReq.INSTANCE));
            assertClosedWithoutReply(c);
            watcher.assertNothingPending();
        }
    }

    // ---- CONNECTs the broker does not accept

    /** A 3.1.1 CONNECT with these connect flags and payload. */
    private static byte[] connect(int flags, byte[] payload) {
        byte[] header = b(0, 4, 'M', 'Q', 'T', 'T', 4, flags, 0, 60);
        return concat(b(0x10, header.length + payload.length), header, payload);
    }

    static Stream<Arguments> malformedConnects() {
        return Stream.of(
                Arguments.of("[MQTT-3.1.2-3] reserved flag set", connect(0x03, b(0, 1, 'c'))),
                Arguments.of("[MQTT-3.1.2-9] Will Flag without Will Topic and Message", connect(0x06, b(0, 1, 'c'))),
                Arguments.of("[MQTT-3.1.2-11] [MQTT-3.1.2-13] Will QoS 1 without Will Flag", connect(0x0A, b(0, 1, 'c'))),
                Arguments.of("[MQTT-3.1.2-14] Will QoS 3", connect(0x1E, b(0, 1, 'c', 0, 1, 'w', 0, 1, 'm'))),
                Arguments.of("[MQTT-3.1.2-15] Will Retain without Will Flag", connect(0x22, b(0, 1, 'c'))),
                Arguments.of("[MQTT-3.1.2-19] User Name Flag without a user name", connect(0x82, b(0, 1, 'c'))),
                Arguments.of("[MQTT-3.1.2-21] Password Flag without a password", connect(0xC2, b(0, 1, 'c', 0, 1, 'u'))),
                Arguments.of("[MQTT-3.1.2-18] a user name without its flag", connect(0x02, b(0, 1, 'c', 0, 1, 'u'))),
                Arguments.of("[MQTT-3.1.2-22] a password without a user name", connect(0x42, b(0, 1, 'c', 0, 1, 'p'))),
                Arguments.of("[MQTT-3.1.3-3] no Client Identifier", connect(0x02, b())),
                Arguments.of("[MQTT-3.1.3-4] Client Identifier not UTF-8", connect(0x02, b(0, 2, 'c', 0x80))),
                Arguments.of("[MQTT-3.1.3-10] Will Topic not UTF-8", connect(0x06, b(0, 1, 'c', 0, 2, 'w', 0xC0, 0, 1, 'm'))),
                Arguments.of("[MQTT-3.1.3-11] User Name with U+0000", connect(0x82, b(0, 1, 'c', 0, 2, 'u', 0))),
                // a will topic is a Topic Name: no wildcards, and no 3.1.1 return code says so
                Arguments.of("[MQTT-4.7.1-1] Will Topic with a wildcard", connect(0x06, b(0, 1, 'c', 0, 3, 'w', '/', '#', 0, 1, 'm'))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConnects")
    void connect_malformed_closedWithoutConnAckAndNoWill(String statement, byte[] connect) throws Exception {
        // [MQTT-3.1.4-1] [MQTT-3.2.2-6] a CONNECT that breaks section 3.1 has no fitting return code:
        // closed without CONNACK; [MQTT-3.1.4-5] the PUBLISH behind it is not processed, and no will was stored
        try (RawClient watcher = watcher(); RawClient c = new RawClient(broker.port(), V311)) {
            c.sendRaw(concat(connect, RawClient.encoded(V311, Publish.of("behind/connect", Bytes.utf8("x")))));
            assertClosedWithoutReply(c);
            watcher.assertNothingPending();
        }
    }

    // ---- strings kept as sent

    @Test
    void publish_topicWithByteOrderMark_keptAndMatchedAsSent() throws Exception {
        // [MQTT-1.5.3-3] EF BB BF is U+FEFF wherever it is and is not stripped: it matches only a filter
        // with the same U+FEFF, and goes out with its three bytes; [MQTT-4.7.3-4] no normalisation
        try (RawClient withBom = RawClient.connected(broker.port(), V311, "bom", true, Properties.EMPTY);
             RawClient without = RawClient.connected(broker.port(), V311, "nobom", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            withBom.subscribe(1, "\uFEFFbom", QoS.AT_MOST_ONCE);
            without.subscribe(1, "bom", QoS.AT_MOST_ONCE);
            pub.sendRaw(b(0x30, 9, 0, 6, 0xEF, 0xBB, 0xBF, 'b', 'o', 'm', 'x'));
            assertThat(withBom.readRaw()).containsExactly(0x30, 9, 0, 6, 0xEF, 0xBB, 0xBF, 'b', 'o', 'm', 'x');
            without.assertNothingPending();
            pub.assertNothingPending();
        }
    }

    // ---- ordering (4.6): the server follows the client's rules when it delivers, and keeps topics ordered

    @Test
    void publish_pipelinedQos1_pubAcksInPublishOrderDeliveredInOrder() throws Exception {
        // [MQTT-4.6.0-2] PUBACKs in the order of the PUBLISHes; [MQTT-4.6.0-5] [MQTT-4.6.0-6] delivered in that order
        int n = 100;
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "o/1", QoS.AT_MOST_ONCE);
            List<Packet> burst = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                burst.add(new Publish("o/1", QoS.AT_LEAST_ONCE, false, false, i, Bytes.utf8("m" + i), Properties.EMPTY));
            }
            pub.sendRaw(RawClient.encoded(V311, burst.toArray(Packet[]::new)));
            for (int i = 1; i <= n; i++) {
                assertThat(((PubAck) pub.read()).packetId()).isEqualTo(i);
            }
            for (int i = 1; i <= n; i++) {
                assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void publish_pipelinedQos2_pubRecsInPublishOrder() throws Exception {
        // [MQTT-4.6.0-3] PUBRECs in the order of the PUBLISHes; [MQTT-4.3.3-2] PUBCOMP for each PUBREL
        int n = 50;
        try (RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            List<Packet> burst = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                burst.add(new Publish("o/2", QoS.EXACTLY_ONCE, false, false, i, Bytes.utf8("m" + i), Properties.EMPTY));
            }
            pub.sendRaw(RawClient.encoded(V311, burst.toArray(Packet[]::new)));
            for (int i = 1; i <= n; i++) {
                assertThat(((PubRec) pub.read()).packetId()).isEqualTo(i);
            }
            List<Packet> releases = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                releases.add(new PubRel(i));
            }
            pub.sendRaw(RawClient.encoded(V311, releases.toArray(Packet[]::new)));
            for (int i = 1; i <= n; i++) {
                assertThat(((PubComp) pub.read()).packetId()).isEqualTo(i);
            }
        }
    }

    @Test
    void delivery_pubRecsOutOfOrder_pubRelsInPubRecOrder() throws Exception {
        // [MQTT-4.6.0-4] as a QoS 2 sender the broker sends its PUBRELs in the order the PUBRECs came;
        // [MQTT-4.6.0-6] the PUBLISHes themselves came in the order published
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "o/3", QoS.EXACTLY_ONCE);
            for (int i = 0; i < 5; i++) {
                pub.send(new Publish("o/3", QoS.EXACTLY_ONCE, false, false, 10 + i, Bytes.utf8("m" + i), Properties.EMPTY));
                pub.readUntil(PubRec.class);
                pub.send(new PubRel(10 + i));
                pub.readUntil(PubComp.class);
            }
            int[] ids = new int[5];
            for (int i = 0; i < 5; i++) {
                Publish p = sub.readUntil(Publish.class);
                assertThat(p.payload().asUtf8()).isEqualTo("m" + i);
                ids[i] = p.packetId();
            }
            int[] order = {ids[2], ids[0], ids[4], ids[1], ids[3]};
            List<Packet> recs = new ArrayList<>();
            for (int id : order) {
                recs.add(new PubRec(id));
            }
            sub.sendRaw(RawClient.encoded(V311, recs.toArray(Packet[]::new)));
            for (int id : order) {
                assertThat(((PubRel) sub.read()).packetId()).isEqualTo(id);
            }
            for (int id : order) {
                sub.send(new PubComp(id));
            }
            sub.assertNothingPending();
        }
    }

    @Test
    void persistentSession_unacknowledgedResentInOriginalOrderWithPubRel() throws Exception {
        // [MQTT-4.4.0-1] on a Clean Session 0 reconnection the unacknowledged PUBLISHes (DUP 1, [MQTT-3.3.1-1])
        // and PUBRELs are re-sent with their ids; [MQTT-4.6.0-1] the PUBLISHes in their original order
        QoS[] qos = {QoS.AT_LEAST_ONCE, QoS.EXACTLY_ONCE, QoS.AT_LEAST_ONCE, QoS.EXACTLY_ONCE, QoS.EXACTLY_ONCE};
        List<Publish> first = new ArrayList<>();
        try (RawClient sub = new RawClient(broker.port(), V311);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            assertThat(sub.connect(RawClient.connectPacket(V311, "keeper", false, 60, null, Properties.EMPTY))
                    .reasonCode().isError()).isFalse();
            sub.subscribe(1, "o/4", QoS.EXACTLY_ONCE);
            for (int i = 0; i < qos.length; i++) {
                pub.send(new Publish("o/4", qos[i], false, false, 20 + i, Bytes.utf8("m" + i), Properties.EMPTY));
                if (qos[i] == QoS.AT_LEAST_ONCE) {
                    pub.readUntil(PubAck.class);
                } else {
                    pub.readUntil(PubRec.class);
                    pub.send(new PubRel(20 + i));
                    pub.readUntil(PubComp.class);
                }
            }
            for (int i = 0; i < qos.length; i++) {
                Publish p = sub.readUntil(Publish.class);
                assertThat(p.dup()).isFalse();
                assertThat(p.payload().asUtf8()).isEqualTo("m" + i);
                first.add(p);
            }
            sub.send(new PubRec(first.get(3).packetId())); // m3 moves on to its PUBREL
            assertThat(sub.readUntil(PubRel.class).packetId()).isEqualTo(first.get(3).packetId());
            // the connection drops with everything else unacknowledged
        }
        try (RawClient sub = new RawClient(broker.port(), V311)) {
            ConnAck ack = sub.connect(RawClient.connectPacket(V311, "keeper", false, 60, null, Properties.EMPTY));
            assertThat(ack.sessionPresent()).isTrue();
            List<Publish> again = new ArrayList<>();
            List<Integer> pubRels = new ArrayList<>();
            while (again.size() + pubRels.size() < 5) {
                Packet p = sub.read();
                if (p instanceof Publish publish) {
                    again.add(publish);
                } else {
                    pubRels.add(((PubRel) p).packetId());
                }
            }
            assertThat(pubRels).containsExactly(first.get(3).packetId());
            List<Publish> expected = List.of(first.get(0), first.get(1), first.get(2), first.get(4));
            for (int i = 0; i < expected.size(); i++) {
                assertThat(again.get(i).dup()).isTrue();
                assertThat(again.get(i).packetId()).isEqualTo(expected.get(i).packetId());
                assertThat(again.get(i).payload()).isEqualTo(expected.get(i).payload());
                assertThat(again.get(i).qos()).isEqualTo(expected.get(i).qos());
            }
            sub.send(new PubAck(first.get(0).packetId()));
            sub.send(new PubRec(first.get(1).packetId()));
            sub.send(new PubAck(first.get(2).packetId()));
            sub.send(new PubComp(first.get(3).packetId()));
            sub.send(new PubRec(first.get(4).packetId()));
            assertThat(sub.readUntil(PubRel.class).packetId()).isEqualTo(first.get(1).packetId());
            assertThat(sub.readUntil(PubRel.class).packetId()).isEqualTo(first.get(4).packetId());
            // [MQTT-4.3.3-1] m3 was past its PUBREL: its PUBLISH was never re-sent, nothing else is waiting
            sub.send(new PubComp(first.get(1).packetId()));
            sub.send(new PubComp(first.get(4).packetId()));
            sub.assertNothingPending();
        }
    }

    // ---- the receiver's side of QoS 1 and 2, SUBACK and UNSUBACK bytes

    @Test
    void publish_qos1IdReusedAfterPubAck_newPublicationEvenWithDup() throws Exception {
        // [MQTT-4.3.2-2] once it has sent the PUBACK the broker takes a PUBLISH with the same id, DUP or
        // not, as a new message: delivered twice
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "o/5", QoS.AT_MOST_ONCE);
            pub.send(new Publish("o/5", QoS.AT_LEAST_ONCE, false, false, 5, Bytes.utf8("one"), Properties.EMPTY));
            assertThat(pub.readRaw()).containsExactly(0x40, 2, 0, 5);
            pub.send(new Publish("o/5", QoS.AT_LEAST_ONCE, false, true, 5, Bytes.utf8("two"), Properties.EMPTY));
            assertThat(pub.readRaw()).containsExactly(0x40, 2, 0, 5);
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("one");
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("two");
        }
    }

    @Test
    void publish_qos2RepeatedBeforeAndAfterPubComp_onceThenNewPublication() throws Exception {
        // [MQTT-4.3.3-2] until the PUBREL a repeated PUBLISH gets a PUBREC and is not delivered again; after
        // the PUBCOMP the same id is a new message; [MQTT-2.3.1-6] every answer carries the PUBLISH's id
        try (RawClient sub = RawClient.connected(broker.port(), V311, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "o/6", QoS.AT_MOST_ONCE);
            Publish one = new Publish("o/6", QoS.EXACTLY_ONCE, false, false, 7, Bytes.utf8("one"), Properties.EMPTY);
            pub.send(one);
            assertThat(pub.readRaw()).containsExactly(0x50, 2, 0, 7);
            pub.send(new Publish("o/6", QoS.EXACTLY_ONCE, false, true, 7, Bytes.utf8("one"), Properties.EMPTY));
            assertThat(pub.readRaw()).containsExactly(0x50, 2, 0, 7);
            pub.send(new PubRel(7));
            assertThat(pub.readRaw()).containsExactly(0x70, 2, 0, 7);
            pub.send(new Publish("o/6", QoS.EXACTLY_ONCE, false, false, 7, Bytes.utf8("two"), Properties.EMPTY));
            assertThat(pub.readRaw()).containsExactly(0x50, 2, 0, 7);
            pub.send(new PubRel(7));
            assertThat(pub.readRaw()).containsExactly(0x70, 2, 0, 7);
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("one");
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("two");
            sub.assertNothingPending();
        }
    }

    @Test
    void subscribe_threeFilters_oneSubAckCodesInFilterOrder() throws Exception {
        // [MQTT-3.8.4-4] several filters act as several SUBSCRIBEs answered by one SUBACK; [MQTT-3.8.4-5]
        // [MQTT-3.9.3-1] one return code each, in filter order; [MQTT-3.8.4-2] with the SUBSCRIBE's id
        try (RawClient c = RawClient.connected(broker.port(), V311, "multi", true, Properties.EMPTY)) {
            c.send(new Subscribe(0x1234, List.of(new Subscription("f/1", QoS.AT_LEAST_ONCE),
                    new Subscription("f/0", QoS.AT_MOST_ONCE), new Subscription("f/2", QoS.EXACTLY_ONCE)),
                    Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x90, 5, 0x12, 0x34, 1, 0, 2);
        }
    }

    @Test
    void unsubscribe_filterNeverSubscribed_unsubAckAnyway() throws Exception {
        // [MQTT-3.10.4-4] UNSUBACK with the UNSUBSCRIBE's id; [MQTT-3.10.4-5] also when nothing was deleted
        try (RawClient c = RawClient.connected(broker.port(), V311, "unsub", true, Properties.EMPTY)) {
            c.sendRaw(b(0xA2, 7, 0x43, 0x21, 0, 3, 'n', '/', 'o'));
            assertThat(c.readRaw()).containsExactly(0xB0, 2, 0x43, 0x21);
        }
    }

    @Test
    void cleanSession1_afterPersistentSession_discardsItAndLeavesNothingBehind() throws Exception {
        // [MQTT-3.1.2-6] Clean Session 1 discards the stored session, and its own state is not reused
        // later; [MQTT-3.2.2-2] [MQTT-3.2.2-3] Session Present says whether a session was stored
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.send(RawClient.connectPacket(V311, "cs", false, 60, null, Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x20, 2, 0, 0);
            c.subscribe(1, "cs/old", QoS.AT_LEAST_ONCE);
        }
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.send(RawClient.connectPacket(V311, "cs", false, 60, null, Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x20, 2, 1, 0); // the session was kept
        }
        try (RawClient c = new RawClient(broker.port(), V311)) {
            c.send(RawClient.connectPacket(V311, "cs", true, 60, null, Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x20, 2, 0, 0); // [MQTT-3.2.2-1]
            c.subscribe(1, "cs/new", QoS.AT_LEAST_ONCE);
            c.send(Disconnect.NORMAL);
        }
        try (RawClient c = new RawClient(broker.port(), V311);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            c.send(RawClient.connectPacket(V311, "cs", false, 60, null, Properties.EMPTY));
            assertThat(c.readRaw()).containsExactly(0x20, 2, 0, 0); // nothing stored by either session
            pub.send(new Publish("cs/old", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.send(new Publish("cs/new", QoS.AT_LEAST_ONCE, false, false, 2, Bytes.utf8("y"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            c.assertNothingPending(); // neither subscription survived
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void takeover_sessionEndingWithItsConnection_notResumed(ProtocolVersion v) throws Exception {
        // [MQTT-3.1.2-6] a Clean Session 1 session lasts as long as its connection and is never reused:
        // taken over by a Clean Session 0 CONNECT it ends (Session Present 0, its subscription gone).
        // The same for a 5.0 session with Session Expiry 0 ([MQTT-3.1.2-23] of 5.0), for comparison.
        try (RawClient first = new RawClient(broker.port(), v);
             RawClient second = new RawClient(broker.port(), v);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            first.connect(RawClient.connectPacket(v, "short", true, 60, null, Properties.EMPTY));
            first.subscribe(1, "short/t", QoS.AT_LEAST_ONCE);
            Properties persistent = v == V311 ? Properties.EMPTY : Properties.builder()
                    .set(io.mqttools.protocol.PropertyId.SESSION_EXPIRY_INTERVAL, 300L).build();
            ConnAck ack = second.connect(RawClient.connectPacket(v, "short", false, 60, null, persistent));
            assertThat(ack.reasonCode().isError()).isFalse();
            assertThat(ack.sessionPresent()).isFalse();
            assertThat(first.closedByBroker()).isTrue(); // [MQTT-3.1.4-2]
            pub.send(new Publish("short/t", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            second.assertNothingPending();
        }
    }

    @Test
    void retained_storedWithItsQos_deliveredAtTheLowerOfItAndTheGrantedQos() throws Exception {
        // [MQTT-3.3.1-5] a retained message is stored with its QoS; [MQTT-3.8.4-6] a new subscriber gets it
        // at the lower of that and its granted QoS; [MQTT-3.3.1-8] with RETAIN 1
        try (RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            pub.send(new Publish("ret/1", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("q1"), Properties.EMPTY));
            pub.readUntil(PubAck.class);
            pub.send(new Publish("ret/2", QoS.EXACTLY_ONCE, true, false, 2, Bytes.utf8("q2"), Properties.EMPTY));
            pub.readUntil(PubRec.class);
            pub.send(new PubRel(2));
            pub.readUntil(PubComp.class);
        }
        for (QoS granted : QoS.values()) {
            try (RawClient sub = RawClient.connected(broker.port(), V311, "s" + granted.value(), true, Properties.EMPTY)) {
                sub.subscribe(1, "ret/1", granted);
                Publish one = sub.readUntil(Publish.class);
                assertThat(one.retain()).isTrue();
                assertThat(one.qos().value()).isEqualTo(Math.min(1, granted.value()));
                sub.subscribe(2, "ret/2", granted);
                Publish two = sub.readUntil(Publish.class);
                assertThat(two.retain()).isTrue();
                assertThat(two.qos()).isEqualTo(granted);
                assertThat(two.payload().asUtf8()).isEqualTo("q2");
            }
        }
    }

    @Test
    void pubRel_unknownPacketId_pubCompAnyway() throws Exception {
        // [MQTT-4.3.3-2] a PUBREL is answered by a PUBCOMP with its id ([MQTT-2.3.1-6]), even for an id the
        // broker holds nothing for (a re-sent PUBREL after a lost PUBCOMP looks like that); the connection stays
        try (RawClient c = RawClient.connected(broker.port(), V311, "rel", true, Properties.EMPTY)) {
            c.sendRaw(b(0x62, 2, 0, 99));
            assertThat(c.readRaw()).containsExactly(0x70, 2, 0, 99);
            c.assertNothingPending();
        }
    }

    @Test
    void will_publishedOnceThenGoneFromThePersistentSession() throws Exception {
        // [MQTT-3.1.2-10] a published will is removed: the same Clean Session 0 session, reconnected without
        // a will and lost again, publishes nothing; [MQTT-3.1.2-8] the will belongs to its connection
        try (RawClient watcher = watcher()) {
            try (RawClient c = new RawClient(broker.port(), V311)) {
                c.connect(RawClient.connectPacket(V311, "lossy", false, 60, WILL, Properties.EMPTY));
            } // dropped without DISCONNECT
            assertThat(watcher.readUntil(Publish.class).topic()).isEqualTo("will/bad");
            try (RawClient c = new RawClient(broker.port(), V311)) {
                assertThat(c.connect(RawClient.connectPacket(V311, "lossy", false, 60, null, Properties.EMPTY))
                        .sessionPresent()).isTrue();
            } // dropped again, this connection had no will
            try (RawClient c = new RawClient(broker.port(), V311)) {
                c.connect(RawClient.connectPacket(V311, "lossy", true, 60, null, Properties.EMPTY));
                c.send(Disconnect.NORMAL);
                assertClosedWithoutReply(c);
            }
            watcher.assertNothingPending();
        }
    }

    // ---- keep alive, and a packet too large to hold

    @Test
    void keepAlive_silentFor1Point5Times_closedWithoutPacketWillPublished() throws Exception {
        // [MQTT-3.1.2-24] no packet for 1.5 x keep alive: closed as if the network had failed (3.1.1 has
        // no DISCONNECT from the server), so [MQTT-3.1.2-8] the will is published
        try (RawClient watcher = watcher(); RawClient c = new RawClient(broker.port(), V311)) {
            c.connect(RawClient.connectPacket(V311, "sleepy", true, 1, WILL, Properties.EMPTY));
            long start = System.nanoTime();
            assertClosedWithoutReply(c);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            assertThat(watcher.readUntil(Publish.class).topic()).isEqualTo("will/bad");
        }
    }

    @Test
    void publish_largerThanTheBrokerHolds_connectionClosedOthersUnaffected() throws Exception {
        // [MQTT-4.8.0-2] a packet the broker cannot take in (over its packet size limit, an internal buffer
        // bound) closes the connection it came on, and only that one: the will goes out, nothing else
        try (RawClient watcher = watcher(); RawClient c = connectedWithWill("big")) {
            c.send(Publish.of("big/topic", Bytes.wrap(new byte[MAX_PACKET * 2])));
            assertClosedWithoutReply(c);
            assertThat(watcher.readUntil(Publish.class).topic()).isEqualTo("will/bad");
            watcher.assertNothingPending();
        }
    }

    // ---- 3.1.1 over WebSocket (chapter 6)

    @Test
    void webSocket_v311PacketsSplitAndJoinedAcrossFrames_answeredInBinaryFrames() throws Exception {
        int ws = broker.port(Listener.Protocol.WEBSOCKETS, false);
        try (RawWebSocket w = new RawWebSocket(new Socket("127.0.0.1", ws))) {
            assertThat(w.upgrade("/mqtt", "mqtt")).isEqualTo(101);
            assertThat(w.responseHeader("Sec-WebSocket-Protocol")).isEqualTo("mqtt"); // [MQTT-6.0.0-4]
            byte[] connect = RawClient.encoded(V311, new Connect(V311, "ws311", true, 60, null, null, null, Properties.EMPTY));
            // [MQTT-6.0.0-2] a packet over two frames, then two and a half packets in one frame
            w.sendBinary(java.util.Arrays.copyOfRange(connect, 0, 5));
            w.sendBinary(java.util.Arrays.copyOfRange(connect, 5, connect.length));
            byte[] subscribe = RawClient.encoded(V311, new Subscribe(1, List.of(new Subscription("ws/311", QoS.AT_LEAST_ONCE)),
                    Properties.EMPTY));
            byte[] publish = RawClient.encoded(V311, new Publish("ws/311", QoS.AT_LEAST_ONCE, false, false, 9, Bytes.utf8("hi"),
                    Properties.EMPTY));
            w.sendBinary(concat(subscribe, java.util.Arrays.copyOfRange(publish, 0, 6)));
            w.sendBinary(java.util.Arrays.copyOfRange(publish, 6, publish.length));
            // [MQTT-6.0.0-1] everything comes back in binary frames (readPacket fails on any other data frame)
            ConnAck ack = (ConnAck) w.readPacket(V311);
            assertThat(ack.reasonCode().isError()).isFalse();
            assertThat(w.readPacket(V311)).isInstanceOf(SubAck.class);
            List<Packet> next = List.of(w.readPacket(V311), w.readPacket(V311));
            assertThat(next).hasAtLeastOneElementOfType(PubAck.class);
            Publish got = next.stream().filter(Publish.class::isInstance).map(Publish.class::cast).findFirst()
                    .orElseThrow();
            assertThat(got.payload().asUtf8()).isEqualTo("hi");
        }
    }

    @Test
    void webSocket_v311TextFrame_connectionClosed() throws Exception {
        int ws = broker.port(Listener.Protocol.WEBSOCKETS, false);
        try (RawWebSocket w = RawWebSocket.open(new Socket("127.0.0.1", ws))) {
            w.sendBinary(RawClient.encoded(V311, new Connect(V311, "ws311t", true, 60, null, null, null, Properties.EMPTY)));
            assertThat(w.readPacket(V311)).isInstanceOf(ConnAck.class);
            // [MQTT-6.0.0-1] a data frame that is not binary closes the connection
            w.sendFrame(RawWebSocket.TEXT, true, RawClient.encoded(V311, PingReq.INSTANCE));
            assertThat(w.closedByServer()).isTrue();
        }
    }
}
