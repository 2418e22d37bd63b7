package io.mqttools.broker.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link OrderlyClose} on a real socket pair: the half-close, and the linger timer's end. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderlyCloseTest {
    private final EventLoopGroup loop = new NioEventLoopGroup(1);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void clientClosesFirst_lingerTimerCancelled_longBeforeItWouldFire() throws Exception {
        CompletableFuture<ScheduledFuture<?>> linger = new CompletableFuture<>();
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        accepted.complete(ctx.channel());
                        linger.complete(OrderlyClose.close(ctx));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
            client.setSoTimeout(5000);
            InputStream in = client.getInputStream();
            long start = System.nanoTime();
            assertThat(in.read()).isEqualTo(-1); // the broker's half-close: a FIN, while it still reads
            Future<?> timer = linger.get(5, TimeUnit.SECONDS);
            assertThat(timer).isNotNull().isNotDone();
            client.close(); // the client's side: the broker's channel closes now, not at the linger's end
            accepted.get().closeFuture().await(5, TimeUnit.SECONDS);
            // the close's listeners run just after its waiters wake
            await().atMost(Duration.ofSeconds(1)).until(timer::isCancelled); // it no longer holds the channel
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMillis).isLessThan(OrderlyClose.LINGER_MILLIS);
        } finally {
            server.close().sync();
        }
    }
}
