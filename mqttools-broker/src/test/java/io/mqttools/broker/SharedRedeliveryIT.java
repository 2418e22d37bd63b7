package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.Publish;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shared subscriptions (4.8.2): what a member had not finished receiving when its session ended goes to
 * another member of the group, except a QoS 2 message whose delivery had started.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedRedeliveryIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final Properties ONE_AT_A_TIME = Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 1).build();

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

    private void publish(String payload, QoS qos, int packetId) throws Exception {
        pub.send(new Publish("jobs/x", qos, false, false, packetId, Bytes.utf8(payload), Properties.EMPTY));
        if (qos == QoS.AT_LEAST_ONCE) {
            pub.readUntil(PubAck.class);
        } else {
            pub.readUntil(PubRec.class);
        }
    }

    @Test
    void sessionEnds_unacknowledgedQos1AndQueued_goToAnotherMember() throws Exception {
        try (RawClient m2 = RawClient.connected(broker.port(), V5, "m2", true, Properties.EMPTY)) {
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, ONE_AT_A_TIME)) {
                m1.subscribe(1, "$share/g/jobs/#", QoS.AT_LEAST_ONCE);
                publish("a", QoS.AT_LEAST_ONCE, 1);
                publish("b", QoS.AT_LEAST_ONCE, 2); // queued behind "a": Receive Maximum 1
                assertThat(m1.readUntil(Publish.class).payload().asUtf8()).isEqualTo("a"); // never acknowledged
                m2.subscribe(1, "$share/g/jobs/#", QoS.AT_LEAST_ONCE);
            } // m1's connection drops; Session Expiry 0 ends its session
            Publish first = m2.readUntil(Publish.class);
            m2.send(new PubAck(first.packetId()));
            Publish second = m2.readUntil(Publish.class);
            m2.send(new PubAck(second.packetId()));
            assertThat(first.payload().asUtf8() + second.payload().asUtf8()).isEqualTo("ab"); // in order
            assertThat(broker.metrics().sharedRedelivered()).isEqualTo(2);
        }
    }

    @Test
    void sessionEnds_qos2InFlight_notSentToAnotherMember() throws Exception {
        try (RawClient m2 = RawClient.connected(broker.port(), V5, "m2", true, Properties.EMPTY)) {
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, ONE_AT_A_TIME)) {
                m1.subscribe(1, "$share/g/jobs/#", QoS.EXACTLY_ONCE);
                publish("started", QoS.EXACTLY_ONCE, 1);
                publish("queued", QoS.EXACTLY_ONCE, 2);
                assertThat(m1.readUntil(Publish.class).payload().asUtf8()).isEqualTo("started"); // no PUBREC
                m2.subscribe(1, "$share/g/jobs/#", QoS.EXACTLY_ONCE);
            }
            // 4.8.2: a QoS 2 delivery that had begun is not given to another client
            Publish got = m2.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("queued");
            m2.send(new io.mqttools.protocol.packet.PubRec(got.packetId()));
            m2.readUntil(io.mqttools.protocol.packet.PubRel.class);
            m2.send(new io.mqttools.protocol.packet.PubComp(got.packetId()));
            m2.send(PingReq.INSTANCE);
            assertThat(m2.read()).isInstanceOf(PingResp.class); // "started" never came

        }
    }

    @Test
    void persistentSessionDisconnects_messagesWaitForIt() throws Exception {
        Properties persistent = ONE_AT_A_TIME.toBuilder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build();
        try (RawClient m2 = RawClient.connected(broker.port(), V5, "m2", true, Properties.EMPTY)) {
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, persistent)) {
                m1.subscribe(1, "$share/g/jobs/#", QoS.AT_LEAST_ONCE);
                publish("a", QoS.AT_LEAST_ONCE, 1);
                assertThat(m1.readUntil(Publish.class).payload().asUtf8()).isEqualTo("a");
                m2.subscribe(1, "$share/g/jobs/#", QoS.AT_LEAST_ONCE);
            }
            // the session goes on: 4.8.2 lets the server wait for the member to come back
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", false, persistent)) {
                Publish again = m1.readUntil(Publish.class);
                assertThat(again.payload().asUtf8()).isEqualTo("a");
                assertThat(again.dup()).isTrue();
            }
            assertThat(broker.metrics().sharedRedelivered()).isZero();
        }
    }

    @Test
    void sessionDiscardedByCleanStart_unacknowledgedQos1GoesToAnotherMember() throws Exception {
        Properties persistent = ONE_AT_A_TIME.toBuilder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build();
        try (RawClient m2 = RawClient.connected(broker.port(), V5, "m2", true, Properties.EMPTY)) {
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, persistent)) {
                m1.subscribe(1, "$share/g/jobs/#", QoS.AT_LEAST_ONCE);
                publish("a", QoS.AT_LEAST_ONCE, 1);
                assertThat(m1.readUntil(Publish.class).payload().asUtf8()).isEqualTo("a");
                m2.subscribe(1, "$share/g/jobs/#", QoS.AT_LEAST_ONCE);
            }
            // [MQTT-3.1.2-4] Clean Start discards the old session: what it held goes to the group
            try (RawClient m1 = RawClient.connected(broker.port(), V5, "m1", true, persistent)) {
                assertThat(m2.readUntil(Publish.class).payload().asUtf8()).isEqualTo("a");
                m1.send(PingReq.INSTANCE);
                assertThat(m1.read()).isInstanceOf(PingResp.class); // nothing for the new session
            }
        }
    }
}
