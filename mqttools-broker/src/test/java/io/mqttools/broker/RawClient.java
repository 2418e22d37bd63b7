package io.mqttools.broker;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketDecoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * A test client on a plain socket: writes packets encoded with the codec or raw bytes, and reads
 * whole packets back, decoding them with the codec. Blocking, with a read timeout.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final ProtocolVersion version;

    RawClient(int port, ProtocolVersion version) throws IOException {
        this(new Socket("127.0.0.1", port), version);
    }

    /** Over a socket already connected (a TLS one, say). */
    RawClient(Socket socket, ProtocolVersion version) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(5000);
        this.socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.version = version;
    }

    /** Connects and returns the CONNACK. */
    static RawClient connected(int port, ProtocolVersion version, String clientId, boolean cleanStart,
                               Properties properties) throws IOException {
        RawClient c = new RawClient(port, version);
        ConnAck ack = c.connect(new Connect(version, clientId, cleanStart, 60, null, null, null, properties));
        if (ack.reasonCode().isError()) {
            throw new IllegalStateException("CONNACK " + ack);
        }
        return c;
    }

    ConnAck connect(Connect connect) throws IOException {
        send(connect);
        return (ConnAck) read();
    }

    static Connect connectPacket(ProtocolVersion v, String clientId, boolean cleanStart, int keepAlive, Will will,
                                 Properties properties) {
        return new Connect(v, clientId, cleanStart, keepAlive, null, null, will, properties);
    }

    SubAck subscribe(int packetId, String filter, QoS qos) throws IOException {
        send(new Subscribe(packetId, List.of(new Subscription(filter, qos)), Properties.EMPTY));
        return (SubAck) read();
    }

    void send(Packet packet) throws IOException {
        ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, version, packet);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            buf.release();
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one whole packet; throws EOFException if the broker closed the connection. */
    /** Sends a PINGREQ and reads its PINGRESP: proves nothing else was waiting for the client. */
    void assertNothingPending() throws IOException {
        send(io.mqttools.protocol.packet.PingReq.INSTANCE);
        Packet next = read();
        if (!(next instanceof io.mqttools.protocol.packet.PingResp)) {
            throw new AssertionError("expected nothing before the PINGRESP, got " + next);
        }
    }

    Packet read() throws IOException {
        byte[] raw = readRaw();
        ByteBuf body = Unpooled.wrappedBuffer(raw, 1 + lengthBytes(raw), raw.length - 1 - lengthBytes(raw));
        try {
            return PacketDecoder.decode(version, raw[0] & 0xFF, body);
        } catch (DecodeException e) {
            throw new IOException("broker sent an undecodable packet: " + e, e);
        }
    }

    /** The next packet, or null if none comes within the timeout. */
    Packet readWithin(int timeoutMillis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            return read();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** Reads one whole packet's bytes, fixed header included. */
    byte[] readRaw() throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int first = in.readUnsignedByte();
        packet.write(first);
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            packet.write(b);
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        packet.write(body);
        return packet.toByteArray();
    }

    private static int lengthBytes(byte[] raw) {
        int n = 1;
        while ((raw[n] & 0x80) != 0) {
            n++;
        }
        return n;
    }

    /** True when the broker closes the connection (EOF or reset) within the read timeout, discarding packets. */
    boolean closedByBroker() throws IOException {
        try {
            while (true) {
                readRaw();
            }
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Reads until the next packet of the given type, skipping others (PINGRESP and the like). */
    @SuppressWarnings("unchecked")
    <T extends Packet> T readUntil(Class<T> type) throws IOException {
        while (true) {
            Packet p = read();
            if (type.isInstance(p)) {
                return (T) p;
            }
        }
    }

    /** The packets encoded for {@code v}, one after the other: to send them in one write. */
    static byte[] encoded(ProtocolVersion v, Packet... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, v, p);
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    static Bytes utf8(String s) {
        return Bytes.utf8(s);
    }

    /** Ends the connection with a reset (SO_LINGER 0) instead of a FIN: what a crashed peer's kernel sends. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
