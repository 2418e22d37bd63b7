package io.mqttools.broker.transport;

import io.mqttools.broker.metrics.ListenerGauge;
import io.mqttools.broker.metrics.TrafficCounters;
import io.mqttools.protocol.codec.MqttCodec;
import io.mqttools.protocol.packet.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * The MQTT codec of a plain TCP connection, which also does the {@link ByteCountHandler}'s counting: with
 * nothing between the socket and the codec, the bytes the codec reads and writes are those on the wire. Two
 * handlers in one pipeline position, so an idle connection holds one handler context and one object fewer.
 * Pipelines with TLS, WebSocket frames or a PROXY header keep the separate counter in front of them.
 */
final class CountingMqttCodec extends MqttCodec {
    private final TrafficCounters counters;
    private final ListenerGauge listener;
    private long in;
    private long out;

    CountingMqttCodec(int maxPacketSize, TrafficCounters counters, ListenerGauge listener) {
        super(Side.SERVER, null, maxPacketSize);
        this.counters = counters;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        listener.opened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        listener.closed();
        counters.bytesReceived(in);
        counters.bytesSent(out);
        in = 0;
        out = 0;
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        in += ByteCountHandler.size(msg);
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        counters.bytesReceived(in); // once per read batch
        in = 0;
        super.channelReadComplete(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object encoded = msg instanceof Packet packet ? encode(ctx, packet) : msg;
        out += ByteCountHandler.size(encoded);
        ctx.write(encoded, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        counters.bytesSent(out); // once per flush
        out = 0;
        ctx.flush();
    }
}
