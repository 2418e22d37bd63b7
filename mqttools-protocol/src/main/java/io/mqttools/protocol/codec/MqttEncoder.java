package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Packet}s for the channel's protocol version. Already-encoded {@link ByteBuf}s (a
 * fan-out PUBLISH encoded once and shared) pass through untouched. Per channel, not sharable.
 */
public final class MqttEncoder extends MessageToByteEncoder<Packet> {
    public static final String NAME = "mqttEncoder";

    private ProtocolVersion version;

    /** @param version the protocol version; on the server side set it once the CONNECT is read */
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
    protected void encode(ChannelHandlerContext ctx, Packet packet, ByteBuf out) {
        PacketEncoder.encode(version, packet, out);
    }
}
