package io.mqttools.broker.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Answers an HTTP request that is not a WebSocket upgrade offering an MQTT subprotocol with an HTTP
 * error and closes the connection, so that only MQTT clients reach the WebSocket handshake: a plain
 * GET gets 400, another method 405, an upgrade without {@code mqtt}/{@code mqttv3.1} among its
 * subprotocols 400 ([MQTT-6.0.0-3] a client offers "mqtt"). It removes itself after the first request.
 */
final class WebSocketUpgradeGuardHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "webSocketUpgradeGuard";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String refusal = refusal(request);
        if (refusal == null) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        HttpResponseStatus status = request.decoderResult().isFailure() || request.method().equals(HttpMethod.GET)
                ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.METHOD_NOT_ALLOWED;
        request.release();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(refusal + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Why the request is refused, or null to let the WebSocket handshake go on. */
    static String refusal(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return "not an HTTP request";
        }
        if (!request.method().equals(HttpMethod.GET)) {
            return "an MQTT WebSocket connection starts with a GET upgrade request";
        }
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            return "this is an MQTT WebSocket listener: send a WebSocket upgrade request";
        }
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (offered != null) {
            for (String p : offered.split(",")) {
                String name = p.trim();
                if (name.equals("mqtt") || name.equals("mqttv3.1")) {
                    return null;
                }
            }
        }
        return "the WebSocket subprotocol must be mqtt (or mqttv3.1), offered: " + (offered == null ? "none" : offered);
    }
}
