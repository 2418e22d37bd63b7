package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is promised about a subscription and a PUBLISH on another connection (issue 12, docs/reliability.md):
 * the broker adds a subscription to the router before it writes the SUBACK, so a PUBLISH that any
 * connection sends after the SUBACK has arrived is routed to it. (A PUBLISH racing a SUBSCRIBE that is
 * not yet acknowledged may or may not be.) The Paho No Local interoperability case, done right.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscribeOrderingIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    @Test
    void publishAfterSubAck_fromAnotherConnection_alwaysDelivered() throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start();
             RawClient a = RawClient.connected(broker.port(), V5, "a", true, Properties.EMPTY);
             RawClient b = RawClient.connected(broker.port(), V5, "b", true, Properties.EMPTY)) {
            for (int round = 1; round <= 200; round++) {
                String topic = "order/" + round;
                Subscription noLocal = new Subscription(topic, QoS.AT_LEAST_ONCE, true, false,
                        RetainHandling.SEND_ON_SUBSCRIBE);
                a.send(new Subscribe(1, List.of(noLocal), Properties.EMPTY));
                b.send(new Subscribe(1, List.of(noLocal), Properties.EMPTY));
                a.readUntil(SubAck.class);
                b.readUntil(SubAck.class);
                // both acknowledged: a's publish reaches b (and, No Local, not a)
                a.send(new Publish(topic, QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8("r" + round), Properties.EMPTY));
                Publish got = b.readUntil(Publish.class);
                assertThat(got.payload().asUtf8()).isEqualTo("r" + round);
                b.send(new PubAck(got.packetId()));
                assertThat(a.readUntil(PubAck.class).packetId()).isEqualTo(7);
            }
            a.assertNothingPending(); // [MQTT-3.8.3-3] No Local: nothing came back to the publisher
        }
    }
}
