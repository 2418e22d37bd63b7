package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic aliases the broker assigns to the PUBLISHes it sends (issue #4), byte-level. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutboundTopicAliasIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final Properties ALIAS_MAX_2 = Properties.builder().set(PropertyId.TOPIC_ALIAS_MAXIMUM, 2).build();

    private RunningBroker broker;
    private RawClient pub;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.builder().host("127.0.0.1").port(0).build().start();
        pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY);
    }

    @AfterEach
    void stop() throws Exception {
        pub.close();
        broker.close();
    }

    private void publish(String topic, QoS qos, int packetId) throws Exception {
        pub.send(new Publish(topic, qos, false, false, packetId, Bytes.utf8(topic), Properties.EMPTY));
        if (qos != QoS.AT_MOST_ONCE) {
            pub.readUntil(PubAck.class);
        }
    }

    /** Reads the next PUBLISH, acknowledges it, and returns "topic|alias" (alias - when none). */
    private static String next(RawClient c) throws Exception {
        Publish p = c.readUntil(Publish.class);
        if (p.qos() == QoS.AT_LEAST_ONCE) {
            c.send(new PubAck(p.packetId()));
        }
        long alias = p.properties().getInt(PropertyId.TOPIC_ALIAS, -1);
        return p.topic() + "|" + (alias < 0 ? "-" : String.valueOf(alias)) + "|" + p.payload().asUtf8();
    }

    @Test
    void aliases_assignedInOrderOfFirstUse_withinClientMaximum() throws Exception {
        // [MQTT-3.1.2-26] [MQTT-3.3.2-11] never more aliases than the client's Topic Alias Maximum
        for (QoS qos : List.of(QoS.AT_MOST_ONCE, QoS.AT_LEAST_ONCE)) {
            try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, ALIAS_MAX_2)) {
                sub.subscribe(1, "t/#", qos);
                int id = 1;
                for (String topic : List.of("t/1", "t/1", "t/2", "t/3", "t/1", "t/2", "t/3")) {
                    publish(topic, qos, qos == QoS.AT_MOST_ONCE ? 0 : id++);
                }
                assertThat(List.of(next(sub), next(sub), next(sub), next(sub), next(sub), next(sub), next(sub)))
                        .as("QoS %s", qos)
                        .containsExactly("t/1|1|t/1", "|1|t/1", "t/2|2|t/2", "t/3|-|t/3", "|1|t/1", "|2|t/2", "t/3|-|t/3");
            }
        }
    }

    @Test
    void aliases_withPerSubscriberProperties_alsoUsed() throws Exception {
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, ALIAS_MAX_2)) {
            sub.send(new Subscribe(1, List.of(new Subscription("s/#", QoS.AT_LEAST_ONCE)),
                    Properties.builder().subscriptionIdentifier(5).build()));
            sub.readUntil(SubAck.class);
            publish("s/a", QoS.AT_LEAST_ONCE, 1);
            publish("s/a", QoS.AT_LEAST_ONCE, 2);
            Publish first = sub.readUntil(Publish.class);
            Publish second = sub.readUntil(Publish.class);
            assertThat(first.topic()).isEqualTo("s/a");
            assertThat(first.properties().getInt(PropertyId.TOPIC_ALIAS, -1)).isEqualTo(1);
            assertThat(second.topic()).isEmpty();
            assertThat(second.properties().getInt(PropertyId.TOPIC_ALIAS, -1)).isEqualTo(1);
            assertThat(second.properties().subscriptionIdentifiers()).containsExactly(5);
        }
    }

    @Test
    void aliases_clientWithoutTopicAliasMaximum_none() throws Exception {
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY)) {
            sub.subscribe(1, "t/#", QoS.AT_MOST_ONCE);
            publish("t/1", QoS.AT_MOST_ONCE, 0);
            publish("t/1", QoS.AT_MOST_ONCE, 0);
            assertThat(List.of(next(sub), next(sub))).containsExactly("t/1|-|t/1", "t/1|-|t/1");
        }
    }

    @Test
    void aliases_resetOnReconnect_andNotSharedAcrossConnections() throws Exception {
        Properties persistent = ALIAS_MAX_2.toBuilder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build();
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, persistent);
             RawClient other = RawClient.connected(broker.port(), V5, "other", true, ALIAS_MAX_2)) {
            sub.subscribe(1, "t/#", QoS.AT_MOST_ONCE);
            other.subscribe(1, "t/2", QoS.AT_MOST_ONCE);
            publish("t/1", QoS.AT_MOST_ONCE, 0);
            publish("t/2", QoS.AT_MOST_ONCE, 0);
            assertThat(List.of(next(sub), next(sub))).containsExactly("t/1|1|t/1", "t/2|2|t/2");
            assertThat(next(other)).isEqualTo("t/2|1|t/2"); // its own numbering
        }
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", false, persistent)) {
            publish("t/2", QoS.AT_MOST_ONCE, 0);
            // [MQTT-3.3.2-7] a new connection starts with no aliases
            assertThat(next(sub)).isEqualTo("t/2|1|t/2");
        }
    }

    @Test
    void aliases_discardedTooLargeMessage_doesNotEstablishAlias() throws Exception {
        Properties small = ALIAS_MAX_2.toBuilder().set(PropertyId.MAXIMUM_PACKET_SIZE, 40).build();
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, small)) {
            sub.subscribe(1, "big", QoS.AT_MOST_ONCE);
            pub.send(new Publish("big", QoS.AT_MOST_ONCE, false, false, 0, Bytes.wrap(new byte[100]), Properties.EMPTY));
            publish("big", QoS.AT_MOST_ONCE, 0);
            assertThat(next(sub)).isEqualTo("big|1|big"); // full topic: the client never saw the first one
        }
    }

    @Test
    void aliases_messageWithProperties_sharedEncodingKeepsThemIntact() throws Exception {
        Properties props = Properties.builder().set(PropertyId.CONTENT_TYPE, "text/plain")
                .set(PropertyId.RESPONSE_TOPIC, "r/1").userProperty("k", "v").userProperty("k", "w").build();
        try (RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, ALIAS_MAX_2);
             RawClient plain = RawClient.connected(broker.port(), V5, "plain", true, Properties.EMPTY)) {
            for (QoS qos : List.of(QoS.AT_MOST_ONCE, QoS.AT_LEAST_ONCE)) {
                String topic = "p/" + qos.value();
                sub.subscribe(1, topic, qos);
                plain.subscribe(1, topic, qos);
                for (int i = 1; i <= 2; i++) {
                    pub.send(new Publish(topic, qos, false, false, qos == QoS.AT_MOST_ONCE ? 0 : i,
                            Bytes.utf8("m" + i), props));
                    if (qos != QoS.AT_MOST_ONCE) {
                        pub.readUntil(PubAck.class);
                    }
                }
                for (int i = 1; i <= 2; i++) {
                    Publish got = sub.readUntil(Publish.class);
                    Publish reference = plain.readUntil(Publish.class); // same fan-out, no alias
                    if (got.qos() == QoS.AT_LEAST_ONCE) {
                        sub.send(new PubAck(got.packetId()));
                        plain.send(new PubAck(reference.packetId()));
                    }
                    assertThat(got.topic()).isEqualTo(i == 1 ? topic : "");
                    assertThat(got.payload().asUtf8()).isEqualTo("m" + i);
                    assertThat(got.properties().without(PropertyId.TOPIC_ALIAS)).isEqualTo(reference.properties());
                    assertThat(reference.properties()).isEqualTo(props);
                }
            }
        }
    }
}
