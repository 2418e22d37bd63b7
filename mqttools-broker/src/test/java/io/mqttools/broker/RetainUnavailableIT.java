package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Will;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broker started with retained messages switched off (mosquitto's {@code retain_available false}). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetainUnavailableIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).retainAvailable(false).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void connAck_v5_saysRetainAvailable0() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "r0", true, 60, null, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(ack.properties().getInt(PropertyId.RETAIN_AVAILABLE, 1)).isZero();
        }
    }

    @Test
    void connAck_v5SmallMaximumPacketSize_keepsRetainAvailable0() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Properties small = Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 20).build();
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "r-small", true, 60, null, small));
            // its absence would mean "available": it stays even when the other flags are left out
            assertThat(ack.properties().getInt(PropertyId.RETAIN_AVAILABLE, 1)).isZero();
        }
    }

    @Test
    void publish_v5Retained_disconnect0x9A() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V5, "r-pub", true, Properties.EMPTY)) {
            c.send(new Publish("r/t", QoS.AT_LEAST_ONCE, true, false, 1, Bytes.utf8("x"), Properties.EMPTY));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
            assertThat(c.closedByBroker()).isTrue();
        }
        assertThat(broker.retainedCount()).isZero();
    }

    @Test
    void publish_v311Retained_connectionClosed() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V311, "r-311", true, Properties.EMPTY)) {
            c.send(new Publish("r/t", QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(c.closedByBroker()).isTrue();
        }
        assertThat(broker.retainedCount()).isZero();
    }

    @Test
    void publish_notRetained_delivered() throws Exception {
        try (RawClient c = RawClient.connected(broker.port(), V5, "r-plain", true, Properties.EMPTY)) {
            c.subscribe(1, "r/#", QoS.AT_MOST_ONCE);
            c.send(new Publish("r/t", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("x"), Properties.EMPTY));
            assertThat(c.readUntil(Publish.class).payload().asUtf8()).isEqualTo("x");
        }
    }

    @Test
    void connect_v5RetainedWill_connAck0x9A() throws Exception {
        Will will = new Will("wills/r", Bytes.utf8("gone"), QoS.AT_MOST_ONCE, true, Properties.EMPTY);
        try (RawClient c = new RawClient(broker.port(), V5)) {
            // [MQTT-3.2.2-13] a retained will on a server without retained messages is refused with 0x9A
            ConnAck ack = c.connect(RawClient.connectPacket(V5, "r-will", true, 60, will, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_v311RetainedWill_refused() throws Exception {
        Will will = new Will("wills/r", Bytes.utf8("gone"), QoS.AT_MOST_ONCE, true, Properties.EMPTY);
        try (RawClient c = new RawClient(broker.port(), V311)) {
            ConnAck ack = c.connect(RawClient.connectPacket(V311, "r-will", true, 60, will, Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SERVER_UNAVAILABLE);
        }
    }
}
