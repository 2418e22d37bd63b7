package io.mqttools.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's MQTT 3.1.1 rules (the statements that bind only a client) against a broker scripted
 * packet by packet: keep alive, DISCONNECT, and the acknowledgement order of 4.6.
 */
@Timeout(30)
class Mqtt311ScriptedIT {
    private static final ConnAck ACCEPTED = new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY);
    private ScriptedBroker broker;
    private Client client;

    @BeforeEach
    void start() throws InterruptedException {
        broker = new ScriptedBroker();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.stop();
        }
        broker.close();
    }

    /** Starts a 3.1.1 client on another thread and accepts its CONNECT. */
    private Connect connect(ClientBuilder builder) throws Exception {
        client = builder.protocolVersion(ProtocolVersion.MQTT_3_1_1).build();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                client.start();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Connect connect = broker.expect(Connect.class);
        assertThat(connect.version()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        broker.send(ACCEPTED);
        started.get(5, TimeUnit.SECONDS);
        return connect;
    }

    private ClientBuilder builder() {
        return Client.builder("127.0.0.1", broker.port()).connectDelays(List.of())
                .reconnectDelays(List.of(Duration.ofMillis(50)));
    }

    @Test
    void keepAlive_v311IdleConnection_sendsPingReqWithinThePeriod() throws Exception {
        // [MQTT-3.1.2-23] with a non-zero keep alive and nothing else to send, the client sends PINGREQ in time
        assertThat(connect(builder().keepAlive(1)).keepAlive()).isEqualTo(1);
        broker.expect(PingReq.class);
        long first = System.nanoTime();
        broker.send(PingResp.INSTANCE);
        broker.expect(PingReq.class);
        assertThat(Duration.ofNanos(System.nanoTime() - first)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void stop_v311_disconnectThenClosedAndNothingMore() throws Exception {
        // [MQTT-3.14.4-1] after DISCONNECT the client closes the connection; [MQTT-3.14.4-2] and sends nothing more
        connect(builder());
        client.stop();
        client = null;
        Disconnect d = broker.expect(Disconnect.class);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.NORMAL_DISCONNECTION);
        assertThat(broker.closedWithin(5000)).isTrue();
        assertThat(broker.next(200)).isNull();
    }

    @Test
    void receive_v311Qos1AndQos2_everyPublishAcknowledgedInArrivalOrder() throws Exception {
        // [MQTT-4.5.0-2] every PUBLISH acknowledged as its QoS requires; [MQTT-4.6.0-2] PUBACKs and
        // [MQTT-4.6.0-3] PUBRECs in the order the PUBLISHes came
        connect(builder());
        for (int i = 1; i <= 20; i++) {
            QoS qos = i % 2 == 0 ? QoS.EXACTLY_ONCE : QoS.AT_LEAST_ONCE;
            broker.send(new Publish("/t", qos, false, false, i, Bytes.utf8("m" + i), Properties.EMPTY));
        }
        for (int i = 1; i <= 20; i++) {
            Message m = (Message) client.events().poll(5, TimeUnit.SECONDS);
            assertThat(m).as("message %d", i).isNotNull();
            assertThat(m.payloadAsString()).isEqualTo("m" + i);
        }
        for (int i = 1; i <= 20; i++) {
            if (i % 2 == 0) {
                assertThat(broker.expect(PubRec.class).packetId()).isEqualTo(i);
            } else {
                assertThat(broker.expect(PubAck.class).packetId()).isEqualTo(i);
            }
        }
    }

    @Test
    void publish_v311Qos2PubRecsOutOfOrder_pubRelsInPubRecOrder() throws Exception {
        // [MQTT-4.6.0-4] PUBRELs go out in the order the PUBRECs came, not the order of the PUBLISHes
        connect(builder());
        List<CompletableFuture<ReasonCode>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(client.publish(Message.of("/t", "m" + i).withQos(QoS.EXACTLY_ONCE)));
        }
        int[] ids = new int[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = broker.expect(Publish.class).packetId();
        }
        int[] order = {ids[2], ids[0], ids[1]};
        for (int id : order) {
            broker.send(new PubRec(id));
        }
        for (int id : order) {
            assertThat(broker.expect(PubRel.class).packetId()).isEqualTo(id);
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone); // complete only at PUBCOMP
    }
}
