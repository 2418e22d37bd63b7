package io.mqttools.protocol.codec;

import static io.mqttools.protocol.codec.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Auth;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    /** Packets every version carries unchanged: no properties, no v5-only codes or options. */
    static Stream<Packet> commonPackets() {
        Bytes payload = Bytes.utf8("hello");
        return Stream.of(
                new Connect(ProtocolVersion.MQTT_3_1_1, "c1", true, 60, null, null, null, Properties.EMPTY),
                new ConnAck(true, ReasonCode.SUCCESS, Properties.EMPTY),
                new ConnAck(false, ReasonCode.NOT_AUTHORIZED, Properties.EMPTY),
                new ConnAck(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, Properties.EMPTY),
                new ConnAck(false, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, Properties.EMPTY),
                new ConnAck(false, ReasonCode.SERVER_UNAVAILABLE, Properties.EMPTY),
                new ConnAck(false, ReasonCode.BAD_USER_NAME_OR_PASSWORD, Properties.EMPTY),
                Publish.of("a/b", payload),
                Publish.of("a/b", Bytes.EMPTY),
                new Publish("a/b", QoS.AT_LEAST_ONCE, true, true, 1, payload, Properties.EMPTY),
                new Publish("x", QoS.EXACTLY_ONCE, false, false, 65535, Bytes.wrap(new byte[70000]), Properties.EMPTY),
                new PubAck(7), new PubRec(8), new PubRel(9), new PubComp(10),
                new Subscribe(11, List.of(new Subscription("a/+", QoS.AT_MOST_ONCE),
                        new Subscription("#", QoS.AT_LEAST_ONCE), new Subscription("$share/g/x", QoS.EXACTLY_ONCE)),
                        Properties.EMPTY),
                new SubAck(11, List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2,
                        ReasonCode.UNSPECIFIED_ERROR), Properties.EMPTY),
                new Unsubscribe(12, List.of("a/+", "b"), Properties.EMPTY),
                PingReq.INSTANCE, PingResp.INSTANCE, Disconnect.NORMAL);
    }

    @ParameterizedTest
    @MethodSource("commonPackets")
    void roundTrip_v311_samePacket(Packet packet) throws Exception {
        assertThat(roundTrip(ProtocolVersion.MQTT_3_1_1, packet)).isEqualTo(packet);
    }

    @ParameterizedTest
    @MethodSource("commonPackets")
    void roundTrip_v5_samePacket(Packet packet) throws Exception {
        Packet p = packet instanceof Connect c
                ? new Connect(ProtocolVersion.MQTT_5, c.clientId(), c.cleanStart(), c.keepAlive(), null, null, null,
                Properties.EMPTY)
                : packet;
        assertThat(roundTrip(ProtocolVersion.MQTT_5, p)).isEqualTo(p);
    }

    @ParameterizedTest
    @MethodSource("commonPackets")
    void roundTrip_v31_samePacketExceptSessionPresent(Packet packet) throws Exception {
        Packet p = packet instanceof Connect c
                ? new Connect(ProtocolVersion.MQTT_3_1, c.clientId(), c.cleanStart(), c.keepAlive(), null, null, null,
                Properties.EMPTY)
                : packet instanceof ConnAck a ? new ConnAck(false, a.reasonCode(), a.properties()) : packet;
        assertThat(roundTrip(ProtocolVersion.MQTT_3_1, p)).isEqualTo(p);
    }

    @Test
    void roundTrip_v31ConnAckWithSessionPresent_sessionPresentDropped() throws Exception {
        // 3.1 has no Session Present flag: its CONNACK's first byte is unused
        ConnAck ack = new ConnAck(true, ReasonCode.SUCCESS, Properties.EMPTY);
        assertThat(roundTrip(ProtocolVersion.MQTT_3_1, ack)).isEqualTo(new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY));
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1", "MQTT_3_1_1"})
    void roundTrip_v3ConnectWithWillAndCredentials_samePacket(ProtocolVersion version) throws Exception {
        Connect c = new Connect(version, "client-\u00e9", false, 0, "user", Bytes.utf8("secret"),
                new Will("last/will", Bytes.utf8("bye"), QoS.EXACTLY_ONCE, true, Properties.EMPTY), Properties.EMPTY);
        assertThat(roundTrip(version, c)).isEqualTo(c);
    }

    @Test
    void roundTrip_v5ConnectWithEveryConnectAndWillProperty_samePacket() throws Exception {
        Properties props = Properties.builder()
                .set(PropertyId.SESSION_EXPIRY_INTERVAL, 0xFFFFFFFFL)
                .set(PropertyId.AUTHENTICATION_METHOD, "SCRAM-SHA-1")
                .set(PropertyId.AUTHENTICATION_DATA, Bytes.utf8("data"))
                .set(PropertyId.REQUEST_PROBLEM_INFORMATION, 0)
                .set(PropertyId.REQUEST_RESPONSE_INFORMATION, 1)
                .set(PropertyId.RECEIVE_MAXIMUM, 65535)
                .set(PropertyId.TOPIC_ALIAS_MAXIMUM, 10)
                .set(PropertyId.MAXIMUM_PACKET_SIZE, 268435460L)
                .userProperty("b", "2").userProperty("a", "1").userProperty("b", "3")
                .build();
        Properties willProps = Properties.builder()
                .set(PropertyId.WILL_DELAY_INTERVAL, 30)
                .set(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1)
                .set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 3600)
                .set(PropertyId.CONTENT_TYPE, "text/plain")
                .set(PropertyId.RESPONSE_TOPIC, "reply/here")
                .set(PropertyId.CORRELATION_DATA, Bytes.wrap(new byte[] {1, 2, 3}))
                .userProperty("w", "v")
                .build();
        Connect c = new Connect(ProtocolVersion.MQTT_5, "", true, 65535, null, Bytes.utf8("pw-without-user"),
                new Will("will/topic", Bytes.EMPTY, QoS.AT_LEAST_ONCE, false, willProps), props);
        Connect decoded = (Connect) roundTrip(ProtocolVersion.MQTT_5, c);
        assertThat(decoded).isEqualTo(c);
        assertThat(decoded.properties().userProperties()).extracting(u -> u.name() + "=" + u.value())
                .containsExactly("b=2", "a=1", "b=3");
    }

    @Test
    void roundTrip_v5ConnAckWithEveryProperty_samePacket() throws Exception {
        Properties props = Properties.builder()
                .set(PropertyId.SESSION_EXPIRY_INTERVAL, 100)
                .set(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, "auto-1")
                .set(PropertyId.SERVER_KEEP_ALIVE, 30)
                .set(PropertyId.AUTHENTICATION_METHOD, "m")
                .set(PropertyId.AUTHENTICATION_DATA, Bytes.utf8("d"))
                .set(PropertyId.RESPONSE_INFORMATION, "resp/")
                .set(PropertyId.SERVER_REFERENCE, "other:1883")
                .set(PropertyId.REASON_STRING, "fine")
                .set(PropertyId.RECEIVE_MAXIMUM, 100)
                .set(PropertyId.TOPIC_ALIAS_MAXIMUM, 5)
                .set(PropertyId.MAXIMUM_QOS, 1)
                .set(PropertyId.RETAIN_AVAILABLE, 0)
                .set(PropertyId.MAXIMUM_PACKET_SIZE, 1024)
                .set(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, 1)
                .set(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0)
                .set(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, 1)
                .userProperty("k", "v")
                .build();
        ConnAck ack = new ConnAck(true, ReasonCode.SUCCESS, props);
        assertThat(roundTrip(ProtocolVersion.MQTT_5, ack)).isEqualTo(ack);
    }

    @Test
    void roundTrip_v5PublishWithEveryPropertyAndSubscriptionIdentifiers_samePacket() throws Exception {
        Properties props = Properties.builder()
                .set(PropertyId.PAYLOAD_FORMAT_INDICATOR, 1)
                .set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 10)
                .set(PropertyId.CONTENT_TYPE, "application/json")
                .set(PropertyId.RESPONSE_TOPIC, "r/t")
                .set(PropertyId.CORRELATION_DATA, Bytes.utf8("corr"))
                .set(PropertyId.TOPIC_ALIAS, 3)
                .subscriptionIdentifier(1).subscriptionIdentifier(268435455).subscriptionIdentifier(128)
                .userProperty("x", "1").userProperty("x", "2")
                .build();
        Publish p = new Publish("t", QoS.EXACTLY_ONCE, true, false, 42, Bytes.utf8("{}"), props);
        Publish decoded = (Publish) roundTrip(ProtocolVersion.MQTT_5, p);
        assertThat(decoded).isEqualTo(p);
        assertThat(decoded.properties().subscriptionIdentifiers()).containsExactly(1, 268435455, 128);
    }

    @Test
    void roundTrip_v5PublishEmptyTopicWithAlias_samePacket() throws Exception {
        Publish p = Publish.of("", Bytes.utf8("x")).withProperties(Properties.builder().set(PropertyId.TOPIC_ALIAS, 1).build());
        assertThat(roundTrip(ProtocolVersion.MQTT_5, p)).isEqualTo(p);
    }

    static Stream<Packet> v5Acks() {
        Properties props = Properties.builder().set(PropertyId.REASON_STRING, "why").userProperty("a", "b").build();
        return Stream.of(
                new PubAck(1, ReasonCode.SUCCESS, Properties.EMPTY),
                new PubAck(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY),
                new PubAck(1, ReasonCode.QUOTA_EXCEEDED, props),
                new PubAck(1, ReasonCode.SUCCESS, props),
                new PubRec(2, ReasonCode.PAYLOAD_FORMAT_INVALID, props),
                new PubRel(3, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.EMPTY),
                new PubRel(3, ReasonCode.SUCCESS, props),
                new PubComp(4, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, props),
                new SubAck(5, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.TOPIC_FILTER_INVALID,
                        ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED), props),
                new UnsubAck(6, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), props),
                new UnsubAck(6, List.of(ReasonCode.NOT_AUTHORIZED), Properties.EMPTY),
                new Disconnect(ReasonCode.SESSION_TAKEN_OVER),
                new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, Properties.builder()
                        .set(PropertyId.SESSION_EXPIRY_INTERVAL, 0).set(PropertyId.SERVER_REFERENCE, "s")
                        .set(PropertyId.REASON_STRING, "r").userProperty("u", "v").build()),
                new Disconnect(ReasonCode.NORMAL_DISCONNECTION, props),
                new Auth(ReasonCode.SUCCESS, Properties.EMPTY),
                new Auth(ReasonCode.CONTINUE_AUTHENTICATION, Properties.builder()
                        .set(PropertyId.AUTHENTICATION_METHOD, "SCRAM").set(PropertyId.AUTHENTICATION_DATA, Bytes.utf8("n"))
                        .set(PropertyId.REASON_STRING, "r").userProperty("u", "v").build()),
                new Auth(ReasonCode.RE_AUTHENTICATE, Properties.EMPTY));
    }

    @ParameterizedTest
    @MethodSource("v5Acks")
    void roundTrip_v5AcknowledgementsWithReasonCodesAndProperties_samePacket(Packet packet) throws Exception {
        assertThat(roundTrip(ProtocolVersion.MQTT_5, packet)).isEqualTo(packet);
    }

    @Test
    void roundTrip_v5SubscribeWithOptionsAndProperties_samePacket() throws Exception {
        Subscribe s = new Subscribe(9, List.of(
                new Subscription("a/#", QoS.EXACTLY_ONCE, true, true, RetainHandling.DO_NOT_SEND),
                new Subscription("$share/g/b", QoS.AT_LEAST_ONCE, false, true, RetainHandling.SEND_IF_NEW_SUBSCRIPTION),
                new Subscription("c", QoS.AT_MOST_ONCE)),
                Properties.builder().subscriptionIdentifier(77).userProperty("a", "b").build());
        assertThat(roundTrip(ProtocolVersion.MQTT_5, s)).isEqualTo(s);
        Unsubscribe u = new Unsubscribe(10, List.of("a/#"), Properties.builder().userProperty("a", "b").build());
        assertThat(roundTrip(ProtocolVersion.MQTT_5, u)).isEqualTo(u);
    }

    @Test
    void encode_v311PacketsWithV5Content_dropsWhat311CannotCarry() throws Exception {
        Properties props = Properties.builder().set(PropertyId.REASON_STRING, "x").userProperty("a", "b").build();
        ProtocolVersion v = ProtocolVersion.MQTT_3_1_1;
        assertThat(roundTrip(v, new PubAck(1, ReasonCode.QUOTA_EXCEEDED, props))).isEqualTo(new PubAck(1));
        assertThat(roundTrip(v, new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, props))).isEqualTo(Disconnect.NORMAL);
        assertThat(roundTrip(v, new UnsubAck(2, List.of(ReasonCode.SUCCESS), props)))
                .isEqualTo(new UnsubAck(2, List.of(), Properties.EMPTY));
        assertThat(roundTrip(v, Publish.of("t", Bytes.EMPTY).withProperties(props))).isEqualTo(Publish.of("t", Bytes.EMPTY));
        assertThat(roundTrip(v, new Subscribe(3, List.of(new Subscription("t", QoS.AT_LEAST_ONCE, true, true,
                RetainHandling.DO_NOT_SEND)), props)))
                .isEqualTo(new Subscribe(3, List.of(new Subscription("t", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
        assertThat(roundTrip(v, new SubAck(4, List.of(ReasonCode.QUOTA_EXCEEDED, ReasonCode.GRANTED_QOS_1), props)))
                .isEqualTo(new SubAck(4, List.of(ReasonCode.UNSPECIFIED_ERROR, ReasonCode.GRANTED_QOS_1), Properties.EMPTY));
    }

    @Test
    void encode_v311ConnAckWithV5OnlyReasonCode_nearestReturnCode() throws Exception {
        ProtocolVersion v = ProtocolVersion.MQTT_3_1_1;
        assertThat(((ConnAck) roundTrip(v, new ConnAck(false, ReasonCode.BANNED, Properties.EMPTY))).reasonCode())
                .isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(((ConnAck) roundTrip(v, new ConnAck(false, ReasonCode.BAD_AUTHENTICATION_METHOD, Properties.EMPTY))).reasonCode())
                .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(((ConnAck) roundTrip(v, new ConnAck(false, ReasonCode.SERVER_BUSY, Properties.EMPTY))).reasonCode())
                .isEqualTo(ReasonCode.SERVER_UNAVAILABLE);
        assertThat(((ConnAck) roundTrip(v, new ConnAck(true, ReasonCode.UNSPECIFIED_ERROR, Properties.EMPTY))))
                .isEqualTo(new ConnAck(false, ReasonCode.SERVER_UNAVAILABLE, Properties.EMPTY));
    }

    @Test
    void encode_v311Auth_illegalArgument() {
        assertThatThrownBy(() -> Wire.encode(ProtocolVersion.MQTT_3_1_1, new Auth(ReasonCode.SUCCESS, Properties.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encode_v311PasswordWithoutUsername_illegalArgument() {
        Connect c = new Connect(ProtocolVersion.MQTT_3_1_1, "c", true, 0, null, Bytes.utf8("p"), null, Properties.EMPTY);
        assertThatThrownBy(() -> Wire.encode(ProtocolVersion.MQTT_3_1_1, c)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encode_connectForAnotherVersion_encodedForTheVersionItNames() throws Exception {
        Connect c = new Connect(ProtocolVersion.MQTT_3_1, "c", true, 5, null, null, null, Properties.EMPTY);
        byte[] bytes = Wire.encode(ProtocolVersion.MQTT_5, c);
        assertThat(Wire.decode(null, bytes)).isEqualTo(c);
        assertThat(PacketEncoder.encodedSize(null, c)).isEqualTo(bytes.length);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void roundTrip_publishWithFourByteRemainingLength_samePacket(ProtocolVersion version) throws Exception {
        Publish p = new Publish("big", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.wrap(new byte[2_100_000]), Properties.EMPTY);
        byte[] bytes = Wire.encode(version, p);
        assertThat(bytes[4] & 0x80).as("fourth remaining length byte ends the integer").isZero();
        assertThat(bytes[3] & 0x80).isNotZero();
        assertThat(roundTrip(version, p)).isEqualTo(p);
    }

    @Test
    void encode_v311PublishWithEmptyTopic_illegalArgument() {
        Publish p = Publish.of("", Bytes.EMPTY).withProperties(Properties.builder().set(PropertyId.TOPIC_ALIAS, 1).build());
        assertThatThrownBy(() -> Wire.encode(ProtocolVersion.MQTT_3_1_1, p)).isInstanceOf(IllegalArgumentException.class);
    }
}
