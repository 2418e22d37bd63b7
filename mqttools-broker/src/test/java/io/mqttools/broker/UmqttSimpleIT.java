package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MicroPython's {@code umqtt.simple}, imitated byte for byte (its writes split the way it splits them):
 * CONNECT 3.1.1 with keep alive 60, SUBSCRIBE, PUBLISH QoS 0 and 1, and receiving while polling — the
 * tutorial's two ESP32 boards switching each other's LED through the broker.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UmqttSimpleIT {
    /** The byte-level behaviour of umqtt.simple's MQTTClient. */
    private static final class Umqtt implements AutoCloseable {
        private final Socket sock;
        private final DataInputStream in;
        private final OutputStream out;
        private int pid;

        Umqtt(int port, String clientId) throws IOException {
            sock = new Socket("127.0.0.1", port);
            sock.setSoTimeout(5000);
            in = new DataInputStream(sock.getInputStream());
            out = sock.getOutputStream();
            // connect(): premsg "\x10 len \0" then msg "\x04MQTT\x04\x02\0\x3c", then the client id
            byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
            int sz = 10 + 2 + id.length;
            out.write(new byte[] {0x10, (byte) sz, 0});
            out.write(new byte[] {4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60});
            sendStr(id);
            byte[] resp = in.readNBytes(4);
            assertThat(resp[0]).isEqualTo((byte) 0x20);
            assertThat(resp[1]).isEqualTo((byte) 0x02);
            assertThat(resp[3]).as("CONNACK return code").isZero();
        }

        private void sendStr(byte[] s) throws IOException {
            out.write(new byte[] {(byte) (s.length >> 8), (byte) s.length});
            out.write(s);
        }

        void publish(String topic, String msg, int qos) throws IOException {
            byte[] t = topic.getBytes(StandardCharsets.UTF_8);
            byte[] m = msg.getBytes(StandardCharsets.UTF_8);
            int sz = 2 + t.length + m.length + (qos > 0 ? 2 : 0);
            out.write(new byte[] {(byte) (0x30 | qos << 1), (byte) sz});
            sendStr(t);
            if (qos > 0) {
                pid++;
                out.write(new byte[] {(byte) (pid >> 8), (byte) pid});
            }
            out.write(m);
            if (qos == 1) {
                while (true) { // umqtt waits for the PUBACK, handling what arrives meanwhile
                    int op = waitMsg();
                    if (op == 0x40) {
                        assertThat(in.readUnsignedByte()).isEqualTo(2);
                        assertThat(in.readUnsignedShort()).isEqualTo(pid);
                        return;
                    }
                }
            }
        }

        void subscribe(String topic, int qos) throws IOException {
            byte[] t = topic.getBytes(StandardCharsets.UTF_8);
            pid++;
            int len = 2 + 2 + t.length + 1;
            out.write(new byte[] {(byte) 0x82, (byte) len, (byte) (pid >> 8), (byte) pid});
            sendStr(t);
            out.write(qos);
            while (true) {
                int op = waitMsg();
                if (op == 0x90) {
                    byte[] resp = in.readNBytes(4);
                    assertThat(resp[1]).isEqualTo((byte) (pid >> 8));
                    assertThat(resp[2]).isEqualTo((byte) pid);
                    assertThat(resp[3] & 0xFF).as("SUBACK return code").isNotEqualTo(0x80);
                    return;
                }
            }
        }

        String lastTopic;
        String lastMsg;

        /** wait_msg(): one packet; a PUBLISH goes to the "callback" (the last* fields), QoS 1 is PUBACKed. */
        int waitMsg() throws IOException {
            int op = in.readUnsignedByte();
            if ((op & 0xF0) != 0x30) {
                if (op == 0xD0) {
                    assertThat(in.readUnsignedByte()).isZero(); // PINGRESP
                }
                return op;
            }
            int sz = recvLen();
            int topicLen = in.readUnsignedShort();
            lastTopic = new String(in.readNBytes(topicLen), StandardCharsets.UTF_8);
            sz -= topicLen + 2;
            int packetId = 0;
            if ((op & 6) != 0) {
                packetId = in.readUnsignedShort();
                sz -= 2;
            }
            lastMsg = new String(in.readNBytes(sz), StandardCharsets.UTF_8);
            if ((op & 6) == 2) {
                out.write(new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId});
            }
            return op;
        }

        private int recvLen() throws IOException {
            int n = 0;
            int sh = 0;
            while (true) {
                int b = in.readUnsignedByte();
                n |= (b & 0x7F) << sh;
                if ((b & 0x80) == 0) {
                    return n;
                }
                sh += 7;
            }
        }

        void ping() throws IOException {
            out.write(new byte[] {(byte) 0xC0, 0});
        }

        @Override
        public void close() throws IOException {
            out.write(new byte[] {(byte) 0xE0, 0});
            sock.close();
        }
    }

    @Test
    void twoBoards_switchEachOthersLed() throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start();
             Umqtt a = new Umqtt(broker.port(), "esp32-a");
             Umqtt b = new Umqtt(broker.port(), "esp32-b")) {
            a.subscribe("boards/a/led", 0);
            b.subscribe("boards/b/led", 1);
            b.publish("boards/a/led", "on", 0);
            a.publish("boards/b/led", "off", 1);
            // polling loop of board a: check_msg() until the LED message arrives
            while (a.waitMsg() >> 4 != 3) {
                a.ping();
            }
            assertThat(a.lastTopic).isEqualTo("boards/a/led");
            assertThat(a.lastMsg).isEqualTo("on");
            while (b.waitMsg() >> 4 != 3) {
                b.ping();
            }
            assertThat(b.lastTopic).isEqualTo("boards/b/led");
            assertThat(b.lastMsg).isEqualTo("off");
            b.ping();
            assertThat(b.waitMsg()).isEqualTo(0xD0);
        }
    }
}
