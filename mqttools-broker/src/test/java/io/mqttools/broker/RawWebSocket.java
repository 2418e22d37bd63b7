package io.mqttools.broker;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketDecoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Random;

/**
 * A test WebSocket client written from RFC 6455 on a plain (or TLS) socket: sends an upgrade request as
 * given, then masked frames split however a test wants, and reads the server's frames back, either one
 * by one or as the MQTT byte stream their binary payloads make.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random random = new Random(42);
    private final ArrayDeque<Byte> stream = new ArrayDeque<>();
    private String responseHead = "";

    RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** An upgraded connection to {@code /mqtt} offering the subprotocol {@code mqtt}; fails unless it gets 101. */
    static RawWebSocket open(Socket socket) throws IOException {
        RawWebSocket ws = new RawWebSocket(socket);
        int status = ws.upgrade("/mqtt", "mqtt");
        if (status != 101) {
            throw new IllegalStateException("upgrade refused: " + ws.responseHead());
        }
        return ws;
    }

    /** Sends an upgrade request for {@code path} (offering {@code subprotocols} unless null) and returns the status. */
    int upgrade(String path, String subprotocols) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocols == null ? "" : "Sec-WebSocket-Protocol: " + subprotocols + "\r\n") + "\r\n";
        return request(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends raw bytes as an HTTP request and returns the status code of the response (its head is kept). */
    int request(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        responseHead = head.toString(StandardCharsets.ISO_8859_1);
        return Integer.parseInt(responseHead.split(" ")[1]);
    }

    String responseHead() {
        return responseHead;
    }

    /** The value of a response header (case-insensitive name), or null. */
    String responseHeader(String name) {
        for (String line : responseHead.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Sends one masked frame. */
    void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    void sendBinary(byte[] payload) throws IOException {
        sendFrame(BINARY, true, payload);
    }

    /** The bytes of a packet as the codec encodes it. */
    static byte[] encode(ProtocolVersion version, Packet packet) {
        ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, version, packet);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** A frame from the server: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
    }

    Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        if ((second & 0x80) != 0) {
            throw new IOException("a server must not mask its frames");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** Reads the next MQTT packet from the binary frames, however the server split them. */
    Packet readPacket(ProtocolVersion version) throws IOException {
        int first = next();
        int length = 0;
        int shift = 0;
        int b;
        int lengthBytes = 0;
        do {
            b = next();
            lengthBytes++;
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) next();
        }
        try {
            return PacketDecoder.decode(version, first, Unpooled.wrappedBuffer(body));
        } catch (DecodeException e) {
            throw new IOException("undecodable packet after " + lengthBytes + " length bytes: " + e, e);
        }
    }

    private int next() throws IOException {
        while (stream.isEmpty()) {
            Frame f = readFrame();
            if (f.opcode() == CLOSE) {
                throw new EOFException("close frame");
            }
            if (f.opcode() != BINARY && f.opcode() != 0) {
                throw new IOException("server sent a non-binary data frame, opcode " + f.opcode());
            }
            for (byte x : f.payload()) {
                stream.add(x);
            }
        }
        return stream.poll() & 0xFF;
    }

    /** True when the server closes the TCP connection within the read timeout (frames before it are skipped). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
