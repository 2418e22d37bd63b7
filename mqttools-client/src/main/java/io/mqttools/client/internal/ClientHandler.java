package io.mqttools.client.internal;

import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last handler of a client channel: hands decoded packets to the {@link Connector} (CONNACK, AUTH) or the
 * session (everything after), flushes once per read batch, and reports the channel's end.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "mqttClient";

    private final Connector connector;
    private Throwable cause;

    ClientHandler(Connector connector) {
        this.connector = connector;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ConnAck connAck) {
            connector.onConnAck(ctx.channel(), connAck);
        } else if (msg instanceof Auth auth) {
            connector.onAuth(ctx.channel(), auth);
        } else {
            connector.onPacket(ctx.channel(), (Packet) msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            connector.onWriterIdle(ctx.channel());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        cause = t;
        DecodeException d = t instanceof DecodeException e ? e
                : t.getCause() instanceof DecodeException e ? e : null;
        if (d != null) {
            connector.onDecodeError(ctx.channel(), d);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connector.onChannelClosed(ctx.channel(), cause);
    }
}
