package io.mqttools.it.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A board running MicroPython's {@code umqtt.simple}, imitated byte for byte over a raw socket: the same
 * bytes in the same write calls (so the broker sees CONNECT and PUBLISH split across several TCP writes, as
 * from the real module), the same fixed-size reads of the answers, and its assumptions turned into
 * assertions — a CONNACK of exactly four bytes, a PUBACK and SUBACK of fixed length, no QoS 2.
 */
final class UmqttSimpleBoard implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<String[]> callbacks = new ArrayList<>();
    private final ByteArrayOutputStream lastPublishFrame = new ByteArrayOutputStream();
    private byte[] connAck = new byte[0];
    private byte[] willTopic;
    private byte[] willMessage;
    private int willQos;
    private boolean willRetain;
    private int packetId;
    private int pingResponses;

    UmqttSimpleBoard(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** umqtt's set_last_will(): to be called before connect(). */
    void setLastWill(String topic, String message, boolean retain, int qos) {
        willTopic = topic.getBytes(StandardCharsets.UTF_8);
        willMessage = message.getBytes(StandardCharsets.UTF_8);
        willRetain = retain;
        willQos = qos;
    }

    /** umqtt's connect(clean_session=True): returns the session-present bit of the CONNACK. */
    boolean connect(String clientId, int keepAlive) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int size = 10 + 2 + id.length;
        int flags = 0x02;
        if (willTopic != null) {
            size += 2 + willTopic.length + 2 + willMessage.length;
            flags |= 0x04 | (willQos & 0x1) << 3 | (willQos & 0x2) << 3 | (willRetain ? 0x20 : 0);
        }
        // The fixed header goes out with one extra zero byte: the high byte of the protocol name's length.
        byte[] fixedHeader = withRemainingLength(0x10, size);
        write(concat(fixedHeader, new byte[] {0}));
        write(new byte[] {0x04, 'M', 'Q', 'T', 'T', 0x04, (byte) flags, (byte) (keepAlive >> 8), (byte) keepAlive});
        sendString(id);
        if (willTopic != null) {
            sendString(willTopic);
            sendString(willMessage);
        }
        connAck = in.readNBytes(4);
        assertThat(connAck.length == 4 && connAck[0] == 0x20 && connAck[1] == 0x02,
                "umqtt asserts a 4-byte CONNACK 20 02 .. .., got " + hex(connAck));
        if (connAck[3] != 0) {
            throw new IllegalStateException("MQTTException(" + connAck[3] + ")");
        }
        return (connAck[2] & 1) == 1;
    }

    /** umqtt's publish(): QoS 0 or 1; for QoS 1 it reads until the matching PUBACK. */
    void publish(String topic, String message, boolean retain, int qos) throws IOException {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        int size = 2 + topicBytes.length + payload.length + (qos > 0 ? 2 : 0);
        write(withRemainingLength(0x30 | qos << 1 | (retain ? 1 : 0), size));
        sendString(topicBytes);
        int pid = 0;
        if (qos > 0) {
            pid = ++packetId;
            write(new byte[] {(byte) (pid >> 8), (byte) pid});
        }
        write(payload);
        assertThat(qos < 2, "umqtt.simple does not support publishing at QoS 2");
        if (qos == 1) {
            while (true) {
                Integer op = waitMsg();
                if (op != null && op == 0x40) {
                    int length = in.readUnsignedByte();
                    assertThat(length == 0x02, "umqtt asserts PUBACK remaining length 2, got " + length);
                    int ackedId = in.readUnsignedShort();
                    if (ackedId == pid) {
                        return;
                    }
                }
            }
        }
    }

    /** umqtt's subscribe(): one filter, then reads until the SUBACK. */
    void subscribe(String filter, int qos) throws IOException {
        byte[] filterBytes = filter.getBytes(StandardCharsets.UTF_8);
        int pid = ++packetId;
        byte[] header = {(byte) 0x82, (byte) (2 + 2 + filterBytes.length + 1), (byte) (pid >> 8), (byte) pid};
        write(header);
        sendString(filterBytes);
        write(new byte[] {(byte) qos});
        while (true) {
            Integer op = waitMsg();
            if (op != null && op == 0x90) {
                byte[] subAck = in.readNBytes(4);
                assertThat(subAck.length == 4 && subAck[1] == header[2] && subAck[2] == header[3],
                        "umqtt asserts the SUBACK echoes packet id " + pid + ", got " + hex(subAck));
                if ((subAck[3] & 0xFF) == 0x80) {
                    throw new IllegalStateException("MQTTException(128)");
                }
                return;
            }
        }
    }

    /** umqtt's ping(): PINGREQ; the PINGRESP is consumed later by wait_msg/check_msg. */
    void ping() throws IOException {
        write(new byte[] {(byte) 0xC0, 0});
    }

    /** umqtt's check_msg(): returns at once when nothing has arrived, else processes one packet. */
    Integer checkMsg() throws IOException {
        if (in.available() == 0) {
            return null;
        }
        return waitMsg();
    }

    /**
     * umqtt's wait_msg(): handles PINGRESP and PUBLISH (calling the callback, acknowledging QoS 1), returns
     * the first byte of any other packet with the rest of it left unread for the caller.
     */
    Integer waitMsg() throws IOException {
        int op = in.readUnsignedByte();
        if (op == 0xD0) {
            int size = in.readUnsignedByte();
            assertThat(size == 0, "umqtt asserts PINGRESP remaining length 0, got " + size);
            pingResponses++;
            return null;
        }
        if ((op & 0xF0) != 0x30) {
            return op;
        }
        lastPublishFrame.reset();
        lastPublishFrame.write(op);
        int size = receiveLength();
        int topicLength = in.readUnsignedShort();
        byte[] topic = in.readNBytes(topicLength);
        lastPublishFrame.write(topicLength >> 8);
        lastPublishFrame.write(topicLength);
        lastPublishFrame.writeBytes(topic);
        size -= topicLength + 2;
        int pid = 0;
        if ((op & 6) != 0) {
            pid = in.readUnsignedShort();
            lastPublishFrame.write(pid >> 8);
            lastPublishFrame.write(pid);
            size -= 2;
        }
        byte[] message = in.readNBytes(size);
        lastPublishFrame.writeBytes(message);
        callbacks.add(new String[] {new String(topic, StandardCharsets.UTF_8),
                new String(message, StandardCharsets.UTF_8)});
        if ((op & 6) == 2) {
            write(new byte[] {0x40, 0x02, (byte) (pid >> 8), (byte) pid});
        } else if ((op & 6) == 4) {
            throw new AssertionError("umqtt.simple cannot receive QoS 2 (assert 0), yet the broker sent it");
        }
        return op;
    }

    /** umqtt's disconnect(): DISCONNECT, then close. */
    void disconnect() throws IOException {
        write(new byte[] {(byte) 0xE0, 0});
        socket.close();
    }

    /** The (topic, message) pairs handed to the callback so far. */
    List<String[]> callbacks() {
        return callbacks;
    }

    /** The last PUBLISH received, with its remaining-length bytes left out: first byte, then what followed. */
    byte[] lastPublishWithoutLength() {
        return lastPublishFrame.toByteArray();
    }

    /** The four CONNACK bytes the last connect() read. */
    byte[] connAck() {
        return connAck.clone();
    }

    int pingResponses() {
        return pingResponses;
    }

    /** Whether the broker has closed the connection: waits up to {@code millis} for end of stream. */
    boolean closedByBroker(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int receiveLength() throws IOException {
        int value = 0;
        int shift = 0;
        while (true) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    private void sendString(byte[] text) throws IOException {
        write(new byte[] {(byte) (text.length >> 8), (byte) text.length});
        write(text);
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private static byte[] withRemainingLength(int firstByte, int size) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(firstByte);
        while (size > 0x7F) {
            header.write((size & 0x7F) | 0x80);
            size >>= 7;
        }
        header.write(size);
        return header.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void assertThat(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x ", b & 0xFF));
        }
        return text.toString().trim();
    }
}
