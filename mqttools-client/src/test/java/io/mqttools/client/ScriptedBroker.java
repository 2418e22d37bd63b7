package io.mqttools.client;

import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.codec.MqttEncoder;
import io.mqttools.protocol.packet.Packet;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A broker the test scripts packet by packet: what the client sends is queued for the test to take,
 * and the test sends what it likes on the latest connection. For behaviour real brokers do not show on
 * demand (topic aliases towards the client, small Receive Maximum, dropped connections mid-exchange).
 */
final class ScriptedBroker implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();
    private final Channel server;
    private volatile Channel client;

    ScriptedBroker() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        client = ch;
                        ch.pipeline().addLast(new MqttDecoder(null, 1 << 20), new MqttEncoder(null),
                                new SimpleChannelInboundHandler<Packet>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Packet p) {
                                        received.add(p);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The next packet from the client, or null when none comes within the time. */
    Packet next(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next packet, which must be of the given type. */
    <T extends Packet> T expect(Class<T> type) throws InterruptedException {
        Packet p = next(5000);
        if (!type.isInstance(p)) {
            throw new AssertionError("expected a " + type.getSimpleName() + " from the client, got " + p);
        }
        return type.cast(p);
    }

    void send(Packet packet) {
        client.writeAndFlush(packet).syncUninterruptibly();
    }

    /** Whether the latest connection is closed (by either side) within the time. */
    boolean closedWithin(long millis) throws InterruptedException {
        return client.closeFuture().await(millis);
    }

    void dropConnection() {
        client.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
