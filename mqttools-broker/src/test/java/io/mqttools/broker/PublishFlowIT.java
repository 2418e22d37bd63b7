package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** QoS 0, 1 and 2 both ways, over raw sockets, for every protocol version. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PublishFlowIT {
    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RawClient client(ProtocolVersion v, String id) throws Exception {
        return RawClient.connected(broker.port(), v, id, true, Properties.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void publish_qos0_deliveredToSubscriber(ProtocolVersion v) throws Exception {
        try (RawClient sub = client(v, "sub"); RawClient pub = client(v, "pub")) {
            SubAck ack = sub.subscribe(1, "a/+", QoS.AT_MOST_ONCE);
            assertThat(ack.reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_0);
            pub.send(Publish.of("a/b", Bytes.utf8("hello")));
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.topic()).isEqualTo("a/b");
            assertThat(got.payload().asUtf8()).isEqualTo("hello");
            assertThat(got.qos()).isEqualTo(QoS.AT_MOST_ONCE);
            assertThat(got.retain()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void publish_qos1_pubAckAndDeliveryAtQos1(ProtocolVersion v) throws Exception {
        try (RawClient sub = client(v, "sub"); RawClient pub = client(v, "pub")) {
            sub.subscribe(1, "q1/#", QoS.AT_LEAST_ONCE);
            pub.send(new Publish("q1/x", QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8("m"), Properties.EMPTY));
            PubAck ack = pub.readUntil(PubAck.class); // [MQTT-4.3.2-4]
            assertThat(ack.packetId()).isEqualTo(7);
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(got.packetId()).isNotZero();
            sub.send(new PubAck(got.packetId()));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void publish_qos2_fullFlowBothWays(ProtocolVersion v) throws Exception {
        try (RawClient sub = client(v, "sub"); RawClient pub = client(v, "pub")) {
            sub.subscribe(1, "q2", QoS.EXACTLY_ONCE);
            pub.send(new Publish("q2", QoS.EXACTLY_ONCE, false, false, 9, Bytes.utf8("once"), Properties.EMPTY));
            assertThat(pub.readUntil(PubRec.class).packetId()).isEqualTo(9);
            pub.send(new PubRel(9));
            assertThat(pub.readUntil(PubComp.class).packetId()).isEqualTo(9);

            Publish got = sub.readUntil(Publish.class);
            assertThat(got.qos()).isEqualTo(QoS.EXACTLY_ONCE);
            sub.send(new PubRec(got.packetId()));
            assertThat(sub.readUntil(PubRel.class).packetId()).isEqualTo(got.packetId());
            sub.send(new PubComp(got.packetId()));
        }
    }

    @Test
    void publish_qos2ResentBeforePubRel_deliveredOnce() throws Exception {
        // [MQTT-4.3.3-10] until PUBREL, a PUBLISH with the same packet id is not a new message
        try (RawClient sub = client(ProtocolVersion.MQTT_5, "sub"); RawClient pub = client(ProtocolVersion.MQTT_5, "pub")) {
            sub.subscribe(1, "dup", QoS.AT_MOST_ONCE);
            Publish p = new Publish("dup", QoS.EXACTLY_ONCE, false, false, 3, Bytes.utf8("1"), Properties.EMPTY);
            pub.send(p);
            pub.readUntil(PubRec.class);
            pub.send(p.withDup(true));
            pub.readUntil(PubRec.class);
            pub.send(new PubRel(3));
            pub.readUntil(PubComp.class);
            pub.send(Publish.of("dup", Bytes.utf8("end")));
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("1");
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("end");
        }
    }

    @Test
    void publish_betweenVersions_v311SubscriberGetsV5Message() throws Exception {
        try (RawClient sub = client(ProtocolVersion.MQTT_3_1_1, "sub"); RawClient pub = client(ProtocolVersion.MQTT_5, "pub")) {
            sub.subscribe(1, "x/#", QoS.EXACTLY_ONCE);
            Properties props = Properties.builder().userProperty("k", "v").build();
            pub.send(new Publish("x/y", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("p"), props));
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.qos()).isEqualTo(QoS.AT_LEAST_ONCE); // minimum of message and subscription
            assertThat(got.properties()).isEqualTo(Properties.EMPTY);
        }
    }

    @Test
    void publish_v5WithUserProperties_forwardedInOrder() throws Exception {
        try (RawClient sub = client(ProtocolVersion.MQTT_5, "sub"); RawClient pub = client(ProtocolVersion.MQTT_5, "pub")) {
            sub.subscribe(1, "x", QoS.AT_MOST_ONCE);
            Properties props = Properties.builder().userProperty("a", "1").userProperty("b", "2")
                    .userProperty("a", "3").build();
            pub.send(Publish.of("x", Bytes.utf8("p")).withProperties(props));
            assertThat(sub.readUntil(Publish.class).properties().userProperties())
                    .isEqualTo(props.userProperties());
        }
    }
}
