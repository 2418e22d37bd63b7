package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * When the broker ends a connection with a DISCONNECT or a refusing CONNACK, the client must be able to
 * read it, even while it goes on sending (issue 12). Closing a socket that still has unread input makes
 * the kernel send a reset, and a reset can arrive before the client has read the last packet: the
 * broker half-closes instead and discards what still comes in until the client closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderlyCloseIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    @RepeatedTest(5)
    void receiveMaximumExceeded_clientKeepsSending_readsDisconnect0x93ThenEof() throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).receiveMaximum(20).build().start();
             RawClient c = RawClient.connected(broker.port(), V5, "flood", true, Properties.EMPTY)) {
            // 21 unfinished QoS 2 publishes (no PUBREL), then a stream the broker will no longer read
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 1; i <= 21; i++) {
                burst.write(encode(new Publish("flood", QoS.EXACTLY_ONCE, false, false, i, Bytes.utf8("x"),
                        Properties.EMPTY)));
            }
            byte[] filler = encode(Publish.of("flood/more", Bytes.wrap(new byte[1024])));
            AtomicBoolean stop = new AtomicBoolean();
            Thread sender = new Thread(() -> {
                try {
                    c.sendRaw(burst.toByteArray());
                    for (int i = 0; i < 20_000 && !stop.get(); i++) {
                        c.sendRaw(filler);
                    }
                } catch (IOException expected) {
                    // the broker half-closed and then closed: writes fail
                }
            }, "flood-sender");
            sender.start();
            try {
                // [MQTT-3.3.4-7] more than Receive Maximum unacknowledged QoS 2 publishes: DISCONNECT 0x93
                Disconnect d = readDisconnectSkippingAcks(c);
                assertThat(d.reasonCode()).isEqualTo(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
            } finally {
                stop.set(true);
                sender.join(10_000);
            }
        }
    }

    @RepeatedTest(5)
    void refusedConnect_clientSendsMore_readsConnAckThenEof() throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0)
                .authenticator((id, user, password) -> false).build().start();
             RawClient c = new RawClient(broker.port(), V5)) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.write(encode(new Connect(V5, "nobody", true, 60, null, null, null, Properties.EMPTY)));
            byte[] filler = encode(Publish.of("x", Bytes.wrap(new byte[1024])));
            for (int i = 0; i < 256; i++) { // sent before the CONNACK comes: still unread when it does
                burst.write(filler);
            }
            c.sendRaw(burst.toByteArray());
            Packet ack = c.read();
            assertThat(ack).isInstanceOf(io.mqttools.protocol.packet.ConnAck.class);
            assertThat(((io.mqttools.protocol.packet.ConnAck) ack).reasonCode())
                    .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertEof(c);
        }
    }

    /** Reads PUBRECs until the DISCONNECT, then expects an orderly end of stream, not a reset. */
    private static Disconnect readDisconnectSkippingAcks(RawClient c) throws IOException {
        while (true) {
            Packet p = c.read();
            if (p instanceof Disconnect d) {
                assertEof(c);
                return d;
            }
        }
    }

    private static void assertEof(RawClient c) throws IOException {
        try {
            Packet after = c.read();
            throw new AssertionError("expected end of stream after the last packet, got " + after);
        } catch (EOFException expected) {
            // FIN after the broker's last packet
        }
    }

    private static byte[] encode(Packet packet) {
        ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, V5, packet);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
