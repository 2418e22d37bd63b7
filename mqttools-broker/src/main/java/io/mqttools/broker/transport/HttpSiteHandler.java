package io.mqttools.broker.transport;

import io.mqttools.broker.dashboard.HttpSite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GET and HEAD for the paths of the {@link HttpSite} ({@code /metrics}, the dashboard and its
 * JSON), 404 for other paths and 405 for other methods. Bodies are made per request on the connection's
 * event loop (a snapshot walks the sessions: O(sessions), per scrape or dashboard poll).
 */
final class HttpSiteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "httpSite";
    private static final Logger LOG = LoggerFactory.getLogger(HttpSiteHandler.class);
    /** The page loads only its own scripts and styles, and may open WebSockets to the broker's listeners. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final HttpSite site;

    HttpSiteHandler(HttpSite site) {
        this.site = site;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        FullHttpResponse response;
        String path = new QueryStringDecoder(request.uri()).path();
        if (!request.decoderResult().isSuccess()) {
            response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            keepAlive = false;
        } else if (!site.serves(path)) {
            response = text(HttpResponseStatus.NOT_FOUND, "not found: this port serves " + site.paths() + "\n");
        } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: use GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            HttpSite.Content content = site.get(path);
            boolean head = HttpMethod.HEAD.equals(request.method());
            response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content.body()));
            HttpHeaders h = response.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, content.contentType());
            h.set("x-content-type-options", "nosniff");
            h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            if (content.contentType().startsWith("text/html")) {
                h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP);
                h.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
            }
            HttpUtil.setContentLength(response, content.body().length);
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
        LOG.debug("HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
