package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.config.Listener;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT over WebSockets (MQTT 5.0 chapter 6) with a hand-written RFC 6455 client, next to a plain TCP listener. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private RunningBroker broker;
    private int ws;

    @BeforeEach
    void start() {
        broker = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0)).listener(Listener.websockets("127.0.0.1", 0))
                .build().start();
        ws = broker.port(Listener.Protocol.WEBSOCKETS, false);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RawWebSocket open() throws Exception {
        return RawWebSocket.open(new Socket("127.0.0.1", ws));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    @Test
    void ports_twoListenersOnPortZero_eachGetsItsOwnPort() {
        assertThat(broker.ports()).hasSize(2).doesNotHaveDuplicates().allMatch(p -> p > 0);
        assertThat(broker.port()).isEqualTo(broker.ports().get(0));
        assertThat(ws).isEqualTo(broker.ports().get(1));
        assertThat(broker.securePort()).isEqualTo(-1);
    }

    @Test
    void start_portTaken_errorNamesTheListener() {
        int taken = ws;
        Broker second = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0))
                .listener(Listener.websockets("127.0.0.1", taken)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot listen on ws://127.0.0.1:" + taken + ": ");
    }

    @Test
    void upgrade_offersMqtt_serverSelectsMqtt() throws Exception {
        try (RawWebSocket c = new RawWebSocket(new Socket("127.0.0.1", ws))) {
            assertThat(c.upgrade("/mqtt", "foo, mqtt")).isEqualTo(101);
            // [MQTT-6.0.0-4] the subprotocol selected and returned by the server is "mqtt"
            assertThat(c.responseHeader("Sec-WebSocket-Protocol")).isEqualTo("mqtt");
        }
    }

    @Test
    void upgrade_anyPath_accepted() throws Exception {
        try (RawWebSocket c = new RawWebSocket(new Socket("127.0.0.1", ws))) {
            assertThat(c.upgrade("/", "mqttv3.1")).isEqualTo(101);
            assertThat(c.responseHeader("Sec-WebSocket-Protocol")).isEqualTo("mqttv3.1");
        }
    }

    @Test
    void packets_splitAndJoinedAcrossFrames_allDecoded() throws Exception {
        try (RawWebSocket c = open()) {
            byte[] connect = RawWebSocket.encode(V5, new Connect(V5, "ws-split", true, 60, null, null, null,
                    Properties.EMPTY));
            // [MQTT-6.0.0-2] a frame may hold part of a packet ...
            c.sendBinary(Arrays.copyOfRange(connect, 0, 3));
            c.sendFrame(RawWebSocket.BINARY, false, Arrays.copyOfRange(connect, 3, 7));
            c.sendFrame(0, true, Arrays.copyOfRange(connect, 7, connect.length)); // a continuation frame
            assertThat(((ConnAck) c.readPacket(V5)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            // ... or several packets
            byte[] subscribe = RawWebSocket.encode(V5, new Subscribe(1, List.of(new Subscription("ws/t", QoS.AT_LEAST_ONCE)),
                    Properties.EMPTY));
            byte[] publish = RawWebSocket.encode(V5, new Publish("ws/t", QoS.AT_LEAST_ONCE, false, false, 7,
                    Bytes.utf8("hello"), Properties.EMPTY));
            c.sendBinary(concat(subscribe, Arrays.copyOfRange(publish, 0, 4)));
            c.sendBinary(concat(Arrays.copyOfRange(publish, 4, publish.length), RawWebSocket.encode(V5, PingReq.INSTANCE)));
            assertThat(c.readPacket(V5)).isInstanceOf(SubAck.class);
            List<Object> next = List.of(c.readPacket(V5), c.readPacket(V5), c.readPacket(V5));
            assertThat(next).hasAtLeastOneElementOfType(PubAck.class).hasAtLeastOneElementOfType(PingResp.class);
            Publish got = next.stream().filter(Publish.class::isInstance).map(Publish.class::cast).findFirst().orElseThrow();
            assertThat(got.payload().asUtf8()).isEqualTo("hello");
        }
    }

    @Test
    void textFrame_connectionClosed() throws Exception {
        try (RawWebSocket c = open()) {
            byte[] connect = RawWebSocket.encode(V5, new Connect(V5, "ws-text", true, 60, null, null, null,
                    Properties.EMPTY));
            c.sendBinary(connect);
            assertThat(c.readPacket(V5)).isInstanceOf(ConnAck.class);
            // [MQTT-6.0.0-1] any data frame other than binary closes the network connection
            c.sendFrame(RawWebSocket.TEXT, true, RawWebSocket.encode(V5, PingReq.INSTANCE));
            RawWebSocket.Frame f = c.readFrame();
            assertThat(f.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(((f.payload()[0] & 0xFF) << 8) | (f.payload()[1] & 0xFF)).isEqualTo(1003);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void webSocketAndTcpClients_exchangeMessages() throws Exception {
        try (RawWebSocket w = open();
             RawClient tcp = RawClient.connected(broker.port(), ProtocolVersion.MQTT_3_1_1, "tcp", true, Properties.EMPTY)) {
            w.sendBinary(RawWebSocket.encode(V5, new Connect(V5, "ws", true, 60, null, null, null, Properties.EMPTY)));
            assertThat(w.readPacket(V5)).isInstanceOf(ConnAck.class);
            w.sendBinary(RawWebSocket.encode(V5, new Subscribe(1, List.of(new Subscription("to/ws", QoS.AT_LEAST_ONCE)),
                    Properties.EMPTY)));
            assertThat(w.readPacket(V5)).isInstanceOf(SubAck.class);
            tcp.subscribe(1, "to/tcp", QoS.AT_LEAST_ONCE);

            tcp.send(new Publish("to/ws", QoS.AT_LEAST_ONCE, false, false, 2, Bytes.utf8("from tcp"), Properties.EMPTY));
            Publish atWs = (Publish) w.readPacket(V5);
            assertThat(atWs.payload().asUtf8()).isEqualTo("from tcp");
            w.sendBinary(RawWebSocket.encode(V5, new PubAck(atWs.packetId())));

            w.sendBinary(RawWebSocket.encode(V5, new Publish("to/tcp", QoS.AT_LEAST_ONCE, false, false, 3,
                    Bytes.utf8("from ws"), Properties.EMPTY)));
            assertThat(w.readPacket(V5)).isInstanceOf(PubAck.class);
            Publish atTcp = tcp.readUntil(Publish.class);
            assertThat(atTcp.payload().asUtf8()).isEqualTo("from ws");
        }
    }

    @Test
    void protocolError_disconnectInOneBinaryFrameThenClosed() throws Exception {
        try (RawWebSocket c = open()) {
            byte[] connect = RawWebSocket.encode(V5, new Connect(V5, "ws-twice", true, 60, null, null, null,
                    Properties.EMPTY));
            c.sendBinary(connect);
            assertThat(c.readPacket(V5)).isInstanceOf(ConnAck.class);
            c.sendBinary(connect); // a second CONNECT is a protocol error
            RawWebSocket.Frame f = c.readFrame();
            assertThat(f.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(f.payload()[0] & 0xFF).as("DISCONNECT").isEqualTo(0xE0);
            assertThat(f.payload()[2] & 0xFF).as("reason code").isEqualTo(ReasonCode.PROTOCOL_ERROR.value());
            // nothing else, not even an empty frame, before the connection closes
            org.assertj.core.api.Assertions.assertThatThrownBy(c::readFrame).isInstanceOf(java.io.EOFException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no-upgrade", "no-subprotocol", "wrong-subprotocol", "post", "garbage"})
    void badUpgrade_httpErrorAndClosed(String kind) throws Exception {
        try (RawWebSocket c = new RawWebSocket(new Socket("127.0.0.1", ws))) {
            int status = switch (kind) {
                case "no-upgrade" -> c.request("GET /mqtt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                case "no-subprotocol" -> c.upgrade("/mqtt", null);
                case "wrong-subprotocol" -> c.upgrade("/mqtt", "wamp");
                case "post" -> c.request("POST /mqtt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                default -> c.request(new byte[] {0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', '\r', '\n', '\r', '\n'});
            };
            assertThat(status).as(c.responseHead()).isEqualTo(kind.equals("post") ? 405 : 400);
            assertThat(c.closedByServer()).isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> broker.connectionCount() == 0);
    }
}
