package io.mqttools.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.List;

/**
 * Wraps each buffer the MQTT encoder writes in one binary WebSocket frame: [MQTT-6.0.0-1]. An empty
 * buffer (a flush before an orderly close) goes on unwrapped: it carries no MQTT bytes, so no frame.
 */
final class WebSocketFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    public static final String NAME = "webSocketFrameEncoder";

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(msg.isReadable() ? new BinaryWebSocketFrame(msg.retain()) : msg.retain());
    }
}
