package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Packet}s for the channel's protocol version into buffers of exactly their encoded
 * size. Already-encoded {@link ByteBuf}s (a fan-out PUBLISH encoded once and shared) pass through
 * untouched. Per channel, not sharable. See {@link PacketEncoder} for what each version leaves out.
 */
public final class MqttEncoder extends MessageToByteEncoder<Packet> {
    public static final String NAME = "mqttEncoder";

    private ProtocolVersion version;

    /**
     * @param version the protocol version; on the server side null until the CONNECT is read (a
     *                {@link MqttDecoder} in the same pipeline sets it then)
     */
    public MqttEncoder(ProtocolVersion version) {
        this.version = version;
    }

    public ProtocolVersion version() {
        return version;
    }

    public void version(ProtocolVersion version) {
        this.version = version;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Packet packet, boolean preferDirect) {
        int size = PacketEncoder.encodedSize(version, packet);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, ByteBuf out) {
        PacketEncoder.encode(version, packet, out);
    }
}
