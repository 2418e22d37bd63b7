package io.mqttools.broker.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client's socket so that the client reads the broker's last packet (a DISCONNECT with its
 * reason code, a refusing CONNACK). Closing a socket that still has unread input makes the kernel send
 * a reset instead of a FIN, and a client that receives the reset may lose what it had not read yet
 * (issue 12: a Paho client flooding QoS 2 saw "connection reset" instead of DISCONNECT 0x93). So:
 * flush, end TLS with close_notify, half-close (FIN), read and discard whatever still arrives until the
 * client closes its side, and close after {@link #LINGER_MILLIS} at the latest.
 */
final class OrderlyClose {
    /** How long a half-closed connection waits for the client to close its side. */
    static final long LINGER_MILLIS = 2_000;
    static final String DISCARD = "discardInbound";

    private static final ChannelHandler DISCARD_INBOUND = new DiscardInbound();

    private OrderlyClose() {
    }

    /**
     * Flushes the channel's pending writes, then closes it in order. Call on the channel's event loop.
     *
     * @return the linger timer, cancelled when the channel closes first; null when there is none (a
     *     channel that cannot half-close, or one already inactive, is closed once flushed)
     */
    static ScheduledFuture<?> close(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (!(ch instanceof DuplexChannel duplex) || !ch.isActive()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ch.close());
            return null;
        }
        // nothing read from here on reaches the MQTT decoder; the socket keeps being read so that the
        // kernel's receive buffer is empty when it closes
        if (ch.pipeline().get(DISCARD) == null) {
            ch.pipeline().addFirst(DISCARD, DISCARD_INBOUND);
        }
        ch.config().setAutoRead(true);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            if (tls != null && flushed.isSuccess()) {
                tls.closeOutbound().addListener(notified -> halfClose(duplex));
            } else {
                halfClose(duplex);
            }
        });
        ScheduledFuture<?> linger = ch.eventLoop().schedule((Runnable) ch::close, LINGER_MILLIS,
                TimeUnit.MILLISECONDS);
        // a client that closes its side first ends the wait: the timer would otherwise hold the closed
        // channel (and its session's objects) for the whole linger, past young collections
        ch.closeFuture().addListener(closed -> linger.cancel(false));
        return linger;
    }

    private static void halfClose(DuplexChannel ch) {
        if (!ch.isActive()) {
            return;
        }
        ChannelFuture shut = ch.shutdownOutput();
        shut.addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
            }
        });
    }

    /** Drops every byte read; the peer's close still ends the channel (half-closure is not allowed). */
    @ChannelHandler.Sharable
    private static final class DiscardInbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        // channelReadComplete is passed on: the batch in which the connection was closed still ends there
        // (the wake-ups of the subscribers it published to, the flush)

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or the like while draining: nothing left to tell the client
        }
    }
}
