package io.mqttools.protocol.codec.v5;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.codec.Wire;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact MQTT 5 fixtures, annotated field by field, decoded and (where canonical) encoded. */
class Mqtt5FixturesTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    private static void assertWire(ProtocolVersion version, String hex, Packet packet) throws Exception {
        byte[] bytes = Wire.hex(hex);
        assertThat(Wire.decode(version, bytes)).isEqualTo(packet);
        assertThat(Wire.encode(version, packet)).isEqualTo(bytes);
    }

    private static void assertDecodes(String hex, Packet packet) throws Exception {
        assertThat(Wire.decode(V5, Wire.hex(hex))).isEqualTo(packet);
    }

    @Test
    void connect_withPropertiesAndWill() throws Exception {
        Properties props = Properties.builder()
                .set(PropertyId.SESSION_EXPIRY_INTERVAL, 3600)
                .set(PropertyId.RECEIVE_MAXIMUM, 20)
                .userProperty("k", "v")
                .build();
        Properties willProps = Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, 5).build();
        assertWire(null, """
                10 2F                     # CONNECT, remaining length 47
                0004 4D515454             # protocol name "MQTT"
                05                        # protocol level 5
                CE                        # flags: user, password, will QoS 1, will, clean start
                001E                      # keep alive 30 s
                0F                        # property length 15
                11 00000E10               #   Session Expiry Interval 3600
                21 0014                   #   Receive Maximum 20
                26 0001 6B 0001 76        #   User Property k=v
                0002 6964                 # client id "id"
                05                        # will property length 5
                18 00000005               #   Will Delay Interval 5
                0001 77                   # will topic "w"
                0000                      # will payload, empty
                0001 75                   # user name "u"
                0001 70                   # password "p"
                """, new Connect(V5, "id", true, 30, "u", Bytes.utf8("p"),
                new Will("w", Bytes.EMPTY, QoS.AT_LEAST_ONCE, false, willProps), props));
    }

    @Test
    void connAck_withProperties() throws Exception {
        assertWire(V5, """
                20 0E                     # CONNACK, remaining length 14
                00                        # no session present
                00                        # reason code Success
                0B                        # property length 11
                12 0004 61626364          #   Assigned Client Identifier "abcd"
                24 01                     #   Maximum QoS 1
                25 00                     #   Retain Available 0
                """, new ConnAck(false, ReasonCode.SUCCESS, Properties.builder()
                .set(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, "abcd").set(PropertyId.MAXIMUM_QOS, 1)
                .set(PropertyId.RETAIN_AVAILABLE, 0).build()));
    }

    @Test
    void publish_qos0WithoutProperties() throws Exception {
        assertWire(V5, """
                30 08                     # PUBLISH QoS 0
                0003 612F62               # topic "a/b"
                00                        # property length 0
                6869                      # payload "hi"
                """, Publish.of("a/b", Bytes.utf8("hi")));
    }

    @Test
    void publish_qos1WithProperties() throws Exception {
        assertWire(V5, """
                32 0F                     # PUBLISH QoS 1
                0001 74                   # topic "t"
                0001                      # packet identifier 1
                08                        # property length 8
                02 0000003C               #   Message Expiry Interval 60
                23 0002                   #   Topic Alias 2
                78                        # payload "x"
                """, new Publish("t", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("x"), Properties.builder()
                .set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 60).set(PropertyId.TOPIC_ALIAS, 2).build()));
    }

    @Test
    void subscribe_withOptionsAndSubscriptionIdentifier() throws Exception {
        assertWire(V5, """
                82 10                     # SUBSCRIBE
                0005                      # packet identifier 5
                03                        # property length 3
                0B 8001                   #   Subscription Identifier 128 (two-byte variable byte integer)
                0003 612F23               # filter "a/#"
                2D                        #   options: Retain Handling 2, Retain As Published, No Local, QoS 1
                0001 62                   # filter "b"
                00                        #   options: QoS 0
                """, new Subscribe(5, List.of(
                new Subscription("a/#", QoS.AT_LEAST_ONCE, true, true, RetainHandling.DO_NOT_SEND),
                new Subscription("b", QoS.AT_MOST_ONCE)), Properties.builder().subscriptionIdentifier(128).build()));
    }

    @Test
    void acks_shortFormSuccess() throws Exception {
        // remaining length 2: Success and no properties
        assertWire(V5, "40 02 0001", new PubAck(1));
        assertWire(V5, "50 02 0002", new PubRec(2));
        assertWire(V5, "62 02 0003", new PubRel(3));
        assertWire(V5, "70 02 0004", new PubComp(4));
    }

    @Test
    void acks_reasonCodeWithoutPropertyLength() throws Exception {
        // remaining length 3: a reason code and no properties
        assertWire(V5, "40 03 0001 10   # No matching subscribers",
                new PubAck(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY));
        assertWire(V5, "62 03 0001 92   # Packet Identifier not found",
                new PubRel(1, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.EMPTY));
    }

    @Test
    void acks_longFormsOfSuccess_decodeAsShortForm() throws Exception {
        assertDecodes("40 03 0001 00", new PubAck(1));
        assertDecodes("40 04 0001 00 00", new PubAck(1));
        assertDecodes("70 04 0001 00 00", new PubComp(1));
    }

    @Test
    void pubAck_withReasonString() throws Exception {
        assertWire(V5, """
                40 0A                     # PUBACK
                0009                      # packet identifier 9
                97                        # Quota exceeded
                06                        # property length 6
                1F 0003 66756C            #   Reason String "ful"
                """, new PubAck(9, ReasonCode.QUOTA_EXCEEDED,
                Properties.builder().set(PropertyId.REASON_STRING, "ful").build()));
    }

    @Test
    void disconnect_shortForms() throws Exception {
        assertWire(V5, "E0 00   # Normal disconnection", Disconnect.NORMAL);
        assertWire(V5, "E0 01 04   # Disconnect with Will Message", new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
        assertDecodes("E0 02 00 00", Disconnect.NORMAL);
    }

    @Test
    void auth_shortFormAndFull() throws Exception {
        assertWire(V5, "F0 00   # AUTH Success", new Auth(ReasonCode.SUCCESS, Properties.EMPTY));
        assertDecodes("F0 01 18", new Auth(ReasonCode.CONTINUE_AUTHENTICATION, Properties.EMPTY));
        assertWire(V5, """
                F0 09                     # AUTH
                18                        # Continue authentication
                07                        # property length 7
                15 0004 53434D31          #   Authentication Method "SCM1"
                """, new Auth(ReasonCode.CONTINUE_AUTHENTICATION,
                Properties.builder().set(PropertyId.AUTHENTICATION_METHOD, "SCM1").build()));
    }

    // ---- captured from mosquitto_pub / mosquitto_sub 2.0.11 (libmosquitto) against a recording socket

    @Test
    void connect_asMosquittoPubSendsIt() throws Exception {
        // mosquitto_pub -V mqttv5 -i pub1 -k 30 -u user -P pw -D connect session-expiry-interval 60
        //   -D connect user-property k v --will-topic w/t --will-payload bye --will-qos 1
        //   -D will will-delay-interval 5
        byte[] bytes = Wire.hex("""
                10 3A                     # CONNECT, remaining length 58
                0004 4D515454 05          # "MQTT" level 5
                CE                        # flags: user, password, will QoS 1, will, clean start
                001E                      # keep alive 30
                0F                        # property length 15
                11 0000003C               #   Session Expiry Interval 60
                26 0001 6B 0001 76        #   User Property k=v
                21 0014                   #   Receive Maximum 20 (libmosquitto's default, sent unasked)
                0004 70756231             # client id "pub1"
                05 18 00000005            # will properties: Will Delay Interval 5
                0003 772F74               # will topic "w/t"
                0003 627965               # will payload "bye"
                0004 75736572             # user name "user"
                0002 7077                 # password "pw"
                """);
        Connect expected = new Connect(V5, "pub1", true, 30, "user", Bytes.utf8("pw"),
                new Will("w/t", Bytes.utf8("bye"), QoS.AT_LEAST_ONCE, false,
                        Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, 5).build()),
                Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 60).userProperty("k", "v")
                        .set(PropertyId.RECEIVE_MAXIMUM, 20).build());
        assertThat(Wire.decode(null, bytes)).isEqualTo(expected);
        // we write properties in identifier order, so the bytes differ but the size does not
        assertThat(Wire.encode(V5, expected)).hasSameSizeAs(bytes);
    }

    @Test
    void publish_asMosquittoPubSendsIt() throws Exception {
        // mosquitto_pub -V mqttv5 -t a/b -m hi -q 1 -D publish content-type text/plain
        //   -D publish message-expiry-interval 10
        byte[] bytes = Wire.hex("""
                32 1C                     # PUBLISH QoS 1
                0003 612F62               # topic "a/b"
                0001                      # packet identifier 1
                12                        # property length 18
                03 000A 746578742F706C61696E   # Content Type "text/plain"
                02 0000000A               #   Message Expiry Interval 10
                6869                      # payload "hi"
                """);
        Publish expected = new Publish("a/b", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("hi"),
                Properties.builder().set(PropertyId.CONTENT_TYPE, "text/plain")
                        .set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 10).build());
        assertThat(Wire.decode(V5, bytes)).isEqualTo(expected);
        assertThat(Wire.encode(V5, expected)).hasSameSizeAs(bytes);
    }

    @Test
    void subscribe_asMosquittoSubSendsIt() throws Exception {
        // mosquitto_sub -V mqttv5 -t 'a/#' -q 2 -t b -D subscribe subscription-identifier 7
        //   -D subscribe user-property x y
        assertWire(V5, """
                82 16                     # SUBSCRIBE, remaining length 22
                0001                      # packet identifier 1
                09                        # property length 9
                0B 07                     #   Subscription Identifier 7
                26 0001 78 0001 79        #   User Property x=y
                0003 612F23 02            # "a/#", QoS 2
                0001 62 02                # "b", QoS 2
                """, new Subscribe(1, List.of(new Subscription("a/#", QoS.EXACTLY_ONCE),
                new Subscription("b", QoS.EXACTLY_ONCE)),
                Properties.builder().subscriptionIdentifier(7).userProperty("x", "y").build()));
    }

    @Test
    void connectAndDisconnect_asMosquittoSubSendsThem() throws Exception {
        assertWire(null, """
                10 14                     # CONNECT, remaining length 20
                0004 4D515454 05 02 003C  # "MQTT" 5, clean start, keep alive 60
                03 21 0014                # properties: Receive Maximum 20
                0004 73756231             # client id "sub1"
                """, new Connect(V5, "sub1", true, 60, null, null, null,
                Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 20).build()));
        // sent when mosquitto_sub is stopped by SIGTERM
        assertWire(V5, "E0 01 04   # DISCONNECT, Disconnect with Will Message",
                new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
    }
}
