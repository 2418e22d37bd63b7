package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import java.net.SocketAddress;

/**
 * An {@link MqttDecoder} that encodes too: inbound it frames and checks as the decoder does, outbound it
 * encodes {@link Packet}s as {@link MqttEncoder} does, in the version the decoder holds (so a server's
 * encoder takes the CONNECT's version with no more ado), and passes already-encoded {@link ByteBuf}s
 * through untouched. One pipeline position instead of two: one handler context and one object fewer per
 * connection, which is what a broker holding many idle connections keeps. Per channel, not sharable.
 */
public class MqttCodec extends MqttDecoder implements ChannelOutboundHandler {
    public static final String NAME = "mqttCodec";

    /**
     * @param side          which end reads: it decides which packets are accepted
     * @param version       the client's version (required); for a server null before the CONNECT
     * @param maxPacketSize the largest whole packet accepted, in bytes, fixed header included
     */
    public MqttCodec(Side side, ProtocolVersion version, int maxPacketSize) {
        super(side, version, maxPacketSize);
    }

    @Override
    void versionAdopted(ChannelHandlerContext ctx, ProtocolVersion named) {
        // the encoding half reads the same version: nothing to tell
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof Packet packet ? encode(ctx, packet) : msg, promise);
    }

    /**
     * A buffer of exactly the packet's encoded size (direct where the transport prefers it) holding the packet
     * in the connection's version.
     *
     * @throws EncoderException when the packet cannot be encoded; Netty fails the write's promise with it
     */
    protected final ByteBuf encode(ChannelHandlerContext ctx, Packet packet) {
        ProtocolVersion v = version();
        ByteBuf buf = null;
        try {
            buf = ctx.alloc().ioBuffer(PacketEncoder.encodedSize(v, packet));
            PacketEncoder.encode(v, packet, buf);
            return buf;
        } catch (RuntimeException e) {
            if (buf != null) {
                buf.release();
            }
            throw new EncoderException(e);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
                        ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }
}
