package io.mqttools.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /metrics} with the Prometheus text, anything else with 404 or 405. The text is made
 * per request on the connection's event loop (a snapshot walks the sessions: O(sessions), per scrape).
 */
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "metricsHttp";
    static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpHandler.class);

    private final Supplier<String> exposition;
    private final String contentType;

    /** @param exposition makes the body of a {@code /metrics} response, in {@code contentType} */
    MetricsHttpHandler(Supplier<String> exposition, String contentType) {
        this.exposition = exposition;
        this.contentType = contentType;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            keepAlive = false;
        } else if (!PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            response = text(HttpResponseStatus.NOT_FOUND, "not found: the metrics are at " + PATH + "\n");
        } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: use GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
            boolean head = HttpMethod.HEAD.equals(request.method());
            response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpUtil.setContentLength(response, body.length);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        ByteBuf body = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(r, body.readableBytes());
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("metrics HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
