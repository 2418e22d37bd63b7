package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Publish;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A QoS 0 PUBLISH followed at once by DISCONNECT, in one write (what mosquitto_pub does): the message
 * reaches subscribers on every event loop, though the publisher's connection ends in the same read.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PublishThenDisconnectIT {
    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void qos0PublishThenDisconnect_deliveredToSubscribersOnEveryLoop(ProtocolVersion v) throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start()) {
            // several subscribers, so that some sit on another event loop than the publisher
            List<RawClient> subscribers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawClient s = RawClient.connected(broker.port(), v, "sub-" + i, true, Properties.EMPTY);
                    s.subscribe(1, "t/#", QoS.AT_MOST_ONCE);
                    subscribers.add(s);
                }
                try (RawClient pub = RawClient.connected(broker.port(), v, "pub", true, Properties.EMPTY)) {
                    ByteArrayOutputStream both = new ByteArrayOutputStream();
                    both.writeBytes(RawWebSocket.encode(v, new Publish("t/x", QoS.AT_MOST_ONCE, false, false, 0,
                            Bytes.utf8("last words"), Properties.EMPTY)));
                    both.writeBytes(RawWebSocket.encode(v, Disconnect.NORMAL));
                    pub.sendRaw(both.toByteArray());
                    assertThat(pub.closedByBroker()).isTrue();
                }
                for (RawClient s : subscribers) {
                    assertThat(s.readUntil(Publish.class).payload().asUtf8()).isEqualTo("last words");
                }
            } finally {
                for (RawClient s : subscribers) {
                    s.close();
                }
            }
        }
    }
}
