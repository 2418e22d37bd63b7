package io.mqttools.broker.transport;

import io.mqttools.broker.metrics.ListenerGauge;
import io.mqttools.broker.metrics.TrafficCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * The first handler of a client pipeline: counts the socket's bytes (TLS records included, as on the
 * wire) and its listener's open sockets. The bytes go into plain fields, confined to the channel's loop,
 * and into the shared counters once per read batch and once per flush, never per packet.
 */
public final class ByteCountHandler extends ChannelDuplexHandler {
    public static final String NAME = "byteCount";

    private final TrafficCounters counters;
    private final ListenerGauge listener;
    private long in;
    private long out;

    public ByteCountHandler(TrafficCounters counters, ListenerGauge listener) {
        this.counters = counters;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        listener.opened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.closed();
        addIn();
        addOut();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        in += size(msg);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        addIn();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        out += size(msg);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        addOut();
        ctx.flush();
    }

    private void addIn() {
        counters.bytesReceived(in);
        in = 0;
    }

    private void addOut() {
        counters.bytesSent(out);
        out = 0;
    }

    static int size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }
}
