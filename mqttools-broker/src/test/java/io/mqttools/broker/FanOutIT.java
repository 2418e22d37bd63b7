package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One message to many subscribers of every version and QoS: each copy (encoded once per loop and
 * shared) carries the right flags, packet id, properties and payload.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FanOutIT {
    @Test
    void publish_manySubscribersMixedVersionsAndQos_eachGetsCorrectCopy() throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start()) {
            List<RawClient> subs = new ArrayList<>();
            List<QoS> granted = new ArrayList<>();
            try {
                int n = 0;
                for (ProtocolVersion v : ProtocolVersion.values()) {
                    for (QoS q : QoS.values()) {
                        for (int copy = 0; copy < 3; copy++) {
                            RawClient c = RawClient.connected(broker.port(), v, "s" + n++, true, Properties.EMPTY);
                            c.subscribe(1, "fan/#", q);
                            subs.add(c);
                            granted.add(q);
                        }
                    }
                }
                byte[] payload = new byte[10_000];
                for (int i = 0; i < payload.length; i++) {
                    payload[i] = (byte) i;
                }
                Properties props = Properties.builder().set(PropertyId.CONTENT_TYPE, "bin").userProperty("k", "v").build();
                try (RawClient pub = RawClient.connected(broker.port(), ProtocolVersion.MQTT_5, "pub", true,
                        Properties.EMPTY)) {
                    for (int round = 1; round <= 3; round++) {
                        pub.send(new Publish("fan/out", QoS.EXACTLY_ONCE, false, false, round, Bytes.wrap(payload), props));
                        pub.readUntil(PubRec.class);
                    }
                }
                for (int i = 0; i < subs.size(); i++) {
                    RawClient c = subs.get(i);
                    Set<Integer> ids = new HashSet<>();
                    for (int round = 1; round <= 3; round++) {
                        Publish p = c.readUntil(Publish.class);
                        assertThat(p.topic()).isEqualTo("fan/out");
                        assertThat(p.qos()).isEqualTo(granted.get(i));
                        assertThat(p.dup()).isFalse();
                        assertThat(p.retain()).isFalse();
                        assertThat(p.payload().unsafeArray()).isEqualTo(payload);
                        assertThat(p.properties()).isEqualTo(c.version.isV5() ? props : Properties.EMPTY);
                        if (p.qos() != QoS.AT_MOST_ONCE) {
                            assertThat(ids.add(p.packetId())).isTrue();
                        }
                        if (p.qos() == QoS.AT_LEAST_ONCE) {
                            c.send(new PubAck(p.packetId()));
                        }
                    }
                }
            } finally {
                for (RawClient c : subs) {
                    c.close();
                }
            }
        }
    }
}
