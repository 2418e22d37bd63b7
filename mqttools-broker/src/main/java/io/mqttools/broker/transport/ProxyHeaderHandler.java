package io.mqttools.broker.transport;

import io.mqttools.broker.connection.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after Netty's {@code HAProxyMessageDecoder}: takes the decoded PROXY protocol header, records its
 * source address as the connection's {@link ClientAddress}, releases it and removes itself. A
 * {@code PROXY UNKNOWN} (v1) or {@code LOCAL} (v2) header, or one for a non-IP family, keeps the socket's
 * own address. An invalid header closes the connection with one line at info.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "proxyHeader";
    /** Where the decoder goes, in front of this handler. */
    static final String DECODER = "proxyDecoder";
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderHandler.class);

    /** The socket's peer, taken early: the decoder closes the channel before it reports a bad header. */
    private SocketAddress peer;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        peer = ctx.channel().remoteAddress();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            InetSocketAddress source = source(header);
            if (source != null) {
                ctx.channel().attr(ClientAddress.PROXIED).set(source);
                LOG.debug("{}: PROXY protocol header for client {}", ctx.channel().remoteAddress(), source);
            }
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
    }

    /** The client's address the header gives, or null when the socket's own one stays. */
    private static InetSocketAddress source(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null) {
            return null;
        }
        HAProxyProxiedProtocol.AddressFamily family = header.proxiedProtocol().addressFamily();
        if (family != HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                && family != HAProxyProxiedProtocol.AddressFamily.AF_IPv6) {
            return null;
        }
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        return address == null ? null : new InetSocketAddress(address, header.sourcePort());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            LOG.info("{}: invalid PROXY protocol header ({}), closing", peer, cause.getMessage());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
