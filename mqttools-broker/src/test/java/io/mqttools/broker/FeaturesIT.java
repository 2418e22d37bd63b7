package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown, overlapping subscriptions, subscription identifiers, shared subscriptions, message expiry. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FeaturesIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    private static RunningBroker start() {
        return Broker.builder().host("127.0.0.1").port(0).build().start();
    }

    @Test
    void close_connectedClientsGetServerShuttingDownAndWillsArePublished() throws Exception {
        RunningBroker broker = start();
        try (RawClient watcher = RawClient.connected(broker.port(), V5, "watcher", true, Properties.EMPTY);
             RawClient c = new RawClient(broker.port(), ProtocolVersion.MQTT_3_1_1)) {
            watcher.subscribe(1, "wills/#", QoS.AT_MOST_ONCE);
            Will will = new Will("wills/c", Bytes.utf8("down"), QoS.AT_MOST_ONCE, false, Properties.EMPTY);
            c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_3_1_1, "c", true, 60, will, Properties.EMPTY));
            broker.close();
            assertThat(watcher.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.SERVER_SHUTTING_DOWN);
            assertThat(watcher.closedByBroker()).isTrue();
            assertThat(c.closedByBroker()).isTrue();
        } finally {
            broker.close();
        }
    }

    @Test
    void overlappingSubscriptions_deliveredOnceWithAllIdentifiers() throws Exception {
        try (RunningBroker broker = start();
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.send(new Subscribe(1, List.of(new Subscription("a/+", QoS.AT_MOST_ONCE)),
                    Properties.builder().subscriptionIdentifier(7).build()));
            sub.readUntil(SubAck.class);
            sub.send(new Subscribe(2, List.of(new Subscription("a/#", QoS.AT_LEAST_ONCE)),
                    Properties.builder().subscriptionIdentifier(9).build()));
            sub.readUntil(SubAck.class);
            pub.send(new Publish("a/b", QoS.EXACTLY_ONCE, false, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.qos()).isEqualTo(QoS.AT_LEAST_ONCE); // the highest matching QoS
            assertThat(got.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(7, 9);
            sub.send(new io.mqttools.protocol.packet.PubAck(got.packetId()));
            sub.send(PingReq.INSTANCE);
            assertThat(sub.read()).isInstanceOf(PingResp.class); // and only once
        }
    }

    @Test
    void sharedSubscription_messagesSpreadOverMembers() throws Exception {
        try (RunningBroker broker = start();
             RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, Properties.EMPTY);
             RawClient m2 = RawClient.connected(broker.port(), ProtocolVersion.MQTT_3_1_1, "m2", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            m1.subscribe(1, "$share/g/jobs/#", QoS.AT_MOST_ONCE);
            m2.subscribe(1, "$share/g/jobs/#", QoS.AT_MOST_ONCE);
            for (int i = 0; i < 4; i++) {
                pub.send(Publish.of("jobs/" + i, Bytes.utf8("j" + i)));
            }
            m1.readUntil(Publish.class);
            m1.readUntil(Publish.class);
            m2.readUntil(Publish.class);
            m2.readUntil(Publish.class);
            for (RawClient m : List.of(m1, m2)) {
                m.send(PingReq.INSTANCE);
                assertThat(m.read()).isInstanceOf(PingResp.class);
            }
        }
    }

    @Test
    void unsubscribe_v5CodesAndNoMoreMessages() throws Exception {
        try (RunningBroker broker = start();
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "u/#", QoS.AT_MOST_ONCE);
            sub.send(new io.mqttools.protocol.packet.Unsubscribe(2, List.of("u/#", "never"), Properties.EMPTY));
            io.mqttools.protocol.packet.UnsubAck ack = sub.readUntil(io.mqttools.protocol.packet.UnsubAck.class);
            assertThat(ack.packetId()).isEqualTo(2);
            assertThat(ack.reasonCodes()).containsExactly(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED);
            pub.send(Publish.of("u/x", Bytes.utf8("gone")));
            pub.send(PingReq.INSTANCE);
            pub.readUntil(PingResp.class);
            sub.send(PingReq.INSTANCE);
            assertThat(sub.read()).isInstanceOf(PingResp.class);
        }
    }

    @Test
    void unsubscribe_v311UnsubAck() throws Exception {
        try (RunningBroker broker = start();
             RawClient sub = RawClient.connected(broker.port(), ProtocolVersion.MQTT_3_1_1, "sub", true,
                     Properties.EMPTY)) {
            sub.subscribe(1, "u", QoS.AT_MOST_ONCE);
            sub.send(new io.mqttools.protocol.packet.Unsubscribe(3, List.of("u"), Properties.EMPTY));
            assertThat(sub.readUntil(io.mqttools.protocol.packet.UnsubAck.class).packetId()).isEqualTo(3);
        }
    }

    @Test
    void receiveMaximum_clientExceedsWithQos2_disconnect0x93() throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).receiveMaximum(2).build().start();
             RawClient c = RawClient.connected(broker.port(), V5, "greedy", true, Properties.EMPTY)) {
            for (int i = 1; i <= 3; i++) { // no PUBREL: three QoS 2 messages unacknowledged
                c.send(new Publish("g", QoS.EXACTLY_ONCE, false, false, i, Bytes.utf8("x"), Properties.EMPTY));
            }
            // [MQTT-3.3.4-7] the client sent more than the Receive Maximum the CONNACK advertised
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
        }
    }

    @Test
    void messageExpiry_remainingIntervalSentOn() throws Exception {
        try (RunningBroker broker = start();
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "e", QoS.AT_MOST_ONCE);
            pub.send(Publish.of("e", Bytes.utf8("x"))
                    .withProperties(Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 100L).build()));
            long left = sub.readUntil(Publish.class).properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1);
            assertThat(left).isBetween(99L, 100L); // [MQTT-3.3.2-6]
        }
    }
}
