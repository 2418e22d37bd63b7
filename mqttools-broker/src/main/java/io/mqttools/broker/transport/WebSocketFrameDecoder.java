package io.mqttools.broker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.channel.ChannelFutureListener;
import java.util.List;

/**
 * Passes the payload of binary frames (and their continuations) on as the MQTT byte stream. The MQTT
 * decoder after it reassembles packets, so frame boundaries do not matter: [MQTT-6.0.0-2] a frame may
 * hold several packets or part of one. Any other data frame closes the connection: [MQTT-6.0.0-1].
 * Ping, pong and close frames are answered by Netty's protocol handler before this one.
 */
final class WebSocketFrameDecoder extends MessageToMessageDecoder<WebSocketFrame> {
    public static final String NAME = "webSocketFrameDecoder";

    private boolean closing;

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (closing) {
            return; // nothing after a refused frame is read
        }
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
            return;
        }
        // [MQTT-6.0.0-1] MQTT packets travel in binary frames; a text frame closes the connection
        closing = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
