package io.mqttools.it.broker;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketDecoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/** MQTT 3.1.1 packets on a blocking socket, encoded and decoded with our codec: the crash test's clients. */
final class Wire311 {
    private Wire311() {
    }

    /** Writes one packet and flushes. Not thread-safe: callers that share a stream synchronise. */
    static void send(OutputStream out, Packet packet) throws IOException {
        ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, ProtocolVersion.MQTT_3_1_1, packet);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            buf.release();
        }
    }

    /** Reads one whole packet; EOFException when the broker closed the connection. */
    static Packet read(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        try {
            return PacketDecoder.decode(ProtocolVersion.MQTT_3_1_1, first, Unpooled.wrappedBuffer(body));
        } catch (DecodeException e) {
            throw new IOException("undecodable packet from the broker: " + e, e);
        }
    }
}
