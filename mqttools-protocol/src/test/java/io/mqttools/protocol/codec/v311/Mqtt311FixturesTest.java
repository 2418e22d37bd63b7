package io.mqttools.protocol.codec.v311;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.Wire;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.mqttools.protocol.packet.Will;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact MQTT 3.1.1 and 3.1 fixtures, annotated field by field, decoded and encoded. */
class Mqtt311FixturesTest {
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;

    private static void assertWire(ProtocolVersion version, String hex, Packet packet) throws Exception {
        byte[] bytes = Wire.hex(hex);
        assertThat(Wire.decode(version, bytes)).isEqualTo(packet);
        assertThat(Wire.encode(version, packet)).isEqualTo(bytes);
    }

    @Test
    void connect_micropythonUmqttSimple() throws Exception {
        // what MicroPython's umqtt.simple sends for MQTTClient("umqtt_client", host, keepalive=60).connect()
        assertWire(null, """
                10 18                     # CONNECT, remaining length 24
                0004 4D515454             # protocol name "MQTT"
                04                        # protocol level 4 (3.1.1)
                02                        # connect flags: clean session
                003C                      # keep alive 60 s
                000C 756D7174745F636C69656E74   # client id "umqtt_client"
                """, new Connect(V311, "umqtt_client", true, 60, null, null, null, Properties.EMPTY));
    }

    @Test
    void connect_bridgeMark_setsTheTopBitOfTheProtocolLevel() throws Exception {
        // mosquitto's try_private: what its bridges send, level 0x84, decoded as 3.1.1 with the mark
        assertWire(null, """
                10 0E                     # CONNECT, remaining length 14
                0004 4D515454             # protocol name "MQTT"
                84                        # protocol level 4 with the bridge bit
                00                        # connect flags: none (a persistent session)
                003C                      # keep alive 60 s
                0002 6272                 # client id "br"
                """, new Connect(V311, "br", false, 60, null, null, null, Properties.EMPTY, true));
    }

    @Test
    void connect_bridgeMarkOnMqtt31_decodedAs31Bridge() throws Exception {
        assertWire(null, """
                10 10                     # CONNECT, remaining length 16
                0006 4D5149736470         # protocol name "MQIsdp"
                83                        # protocol level 3 with the bridge bit
                02                        # connect flags: clean session
                003C                      # keep alive 60 s
                0002 6272                 # client id "br"
                """, new Connect(ProtocolVersion.MQTT_3_1, "br", true, 60, null, null, null, Properties.EMPTY, true));
    }

    @Test
    void connect_bridgeMarkEncodedAsSent() throws Exception {
        byte[] expected = Wire.hex("""
                10 0E                     # CONNECT, remaining length 14
                0004 4D515454             # protocol name "MQTT"
                84                        # protocol level 4 with the bridge bit
                00                        # connect flags: none (a persistent session)
                003C                      # keep alive 60 s
                0002 6272                 # client id "br"
                """);
        assertThat(Wire.encode(V311, new Connect(V311, "br", false, 60, null, null, null, Properties.EMPTY, true)))
                .isEqualTo(expected);
    }

    @Test
    void connect_withWillUserAndPassword() throws Exception {
        assertWire(null, """
                10 2B                     # CONNECT, remaining length 43
                0004 4D515454 04          # "MQTT" level 4
                EE                        # flags: user, password, will retain, will QoS 1, will, clean session
                0000                      # keep alive 0 (off)
                0003 636C69               # client id "cli"
                0008 7374617475732F78     # will topic "status/x"
                0004 646F776E             # will payload "down"
                0004 75736572             # user name "user"
                0004 70617373             # password "pass"
                """, new Connect(V311, "cli", true, 0, "user", Bytes.utf8("pass"),
                new Will("status/x", Bytes.utf8("down"), QoS.AT_LEAST_ONCE, true, Properties.EMPTY), Properties.EMPTY));
    }

    @Test
    void connect_mqtt31() throws Exception {
        assertWire(null, """
                10 12                     # CONNECT, remaining length 18
                0006 4D5149736470         # protocol name "MQIsdp"
                03                        # protocol level 3 (3.1)
                02                        # clean session
                000A                      # keep alive 10 s
                0004 70616C6F             # client id "palo"
                """, new Connect(ProtocolVersion.MQTT_3_1, "palo", true, 10, null, null, null, Properties.EMPTY));
    }

    @Test
    void connAck_sessionPresent() throws Exception {
        assertWire(V311, """
                20 02                     # CONNACK, remaining length 2
                01                        # acknowledge flags: session present
                00                        # return code 0, accepted
                """, new ConnAck(true, ReasonCode.SUCCESS, Properties.EMPTY));
    }

    @Test
    void connAck_notAuthorized() throws Exception {
        assertWire(V311, "20 02 00 05", new ConnAck(false, ReasonCode.NOT_AUTHORIZED, Properties.EMPTY));
    }

    @Test
    void publish_qos0() throws Exception {
        assertWire(V311, """
                30 0A                     # PUBLISH, QoS 0, no DUP, no RETAIN, remaining length 10
                0003 612F62               # topic "a/b"
                68656C6C6F                # payload "hello" (the rest of the packet)
                """, Publish.of("a/b", Bytes.utf8("hello")));
    }

    @Test
    void publish_qos1RetainDup() throws Exception {
        assertWire(V311, """
                3B 07                     # PUBLISH, DUP, QoS 1, RETAIN
                0001 74                   # topic "t"
                1234                      # packet identifier 0x1234
                AB00                      # payload, binary
                """, new Publish("t", QoS.AT_LEAST_ONCE, true, true, 0x1234, Bytes.wrap(new byte[] {(byte) 0xAB, 0}),
                Properties.EMPTY));
    }

    @Test
    void pubRel() throws Exception {
        assertWire(V311, "62 02 0007   # PUBREL (reserved flags 0010), packet id 7", new PubRel(7));
    }

    @Test
    void subscribe_twoFilters() throws Exception {
        assertWire(V311, """
                82 0E                     # SUBSCRIBE (reserved flags 0010), remaining length 14
                000A                      # packet identifier 10
                0003 612F2B 01            # "a/+" requested QoS 1
                0003 622F23 02            # "b/#" requested QoS 2
                """, new Subscribe(10, List.of(new Subscription("a/+", QoS.AT_LEAST_ONCE),
                new Subscription("b/#", QoS.EXACTLY_ONCE)), Properties.EMPTY));
    }

    @Test
    void subAck_grantedAndFailure() throws Exception {
        assertWire(V311, """
                90 04                     # SUBACK
                000A                      # packet identifier 10
                01 80                     # granted QoS 1, failure
                """, new SubAck(10, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.UNSPECIFIED_ERROR), Properties.EMPTY));
    }

    @Test
    void unsubscribeAndUnsubAck() throws Exception {
        assertWire(V311, "A2 07 000B 0003 612F2B", new Unsubscribe(11, List.of("a/+"), Properties.EMPTY));
        assertWire(V311, "B0 02 000B", new UnsubAck(11, List.of(), Properties.EMPTY));
    }

    @Test
    void pingAndDisconnect() throws Exception {
        assertWire(V311, "C0 00", PingReq.INSTANCE);
        assertWire(V311, "E0 00", Disconnect.NORMAL);
    }

    // ---- captured from mosquitto_pub / mosquitto_sub 2.0.11 (libmosquitto) against a recording socket

    @Test
    void connectAndPublish_asMosquittoPubSendsThem() throws Exception {
        // mosquitto_pub -V mqttv311 -i pub2 -t a/b -m hello -q 1 -r
        assertWire(null, "10 10 0004 4D515454 04 02 003C 0004 70756232",
                new Connect(V311, "pub2", true, 60, null, null, null, Properties.EMPTY));
        assertWire(V311, """
                33 0C                     # PUBLISH QoS 1, RETAIN
                0003 612F62               # topic "a/b"
                0001                      # packet identifier 1
                68656C6C6F                # "hello"
                """, new Publish("a/b", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("hello"), Properties.EMPTY));
        assertWire(V311, "E0 00", Disconnect.NORMAL);
    }

    @Test
    void connectAndPublish_asMosquittoPubSendsThemInMqtt31() throws Exception {
        // mosquitto_pub -V mqttv31 -i pub3 -t a/b -m hello
        ProtocolVersion v31 = ProtocolVersion.MQTT_3_1;
        assertWire(null, "10 12 0006 4D5149736470 03 02 003C 0004 70756233",
                new Connect(v31, "pub3", true, 60, null, null, null, Properties.EMPTY));
        assertWire(v31, "30 0A 0003 612F62 68656C6C6F", Publish.of("a/b", Bytes.utf8("hello")));
    }

    @Test
    void connectAndSubscribe_asMosquittoSubSendsThem() throws Exception {
        // mosquitto_sub -V mqttv311 -i sub2 -t 'a/+' -q 1 -t '#' -c
        assertWire(null, "10 10 0004 4D515454 04 00 003C 0004 73756232   # clean session 0",
                new Connect(V311, "sub2", false, 60, null, null, null, Properties.EMPTY));
        assertWire(V311, """
                82 0C                     # SUBSCRIBE
                0001                      # packet identifier 1
                0003 612F2B 01            # "a/+" QoS 1
                0001 23 01                # "#" QoS 1
                """, new Subscribe(1, List.of(new Subscription("a/+", QoS.AT_LEAST_ONCE),
                new Subscription("#", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
    }
}
