package io.mqttools.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A batch of MQTT 3.1.1 connections that connect, get their CONNACK and then say nothing: the cheapest
 * client there is, so that what is measured is the broker. At most {@link #HANDSHAKES} connect at once,
 * so that neither broker's listen backlog decides the figures. Loopback only.
 */
public final class IdleConnections implements AutoCloseable {
    /** Connections between their connect and their CONNACK at any one time. */
    static final int HANDSHAKES = 256;

    private final List<Channel> channels = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connAcks = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    /** nanoTime of the last CONNACK and of the last close the broker made. */
    private final AtomicLong lastConnAckNanos = new AtomicLong();
    private final AtomicLong lastCloseNanos = new AtomicLong();
    private final int count;
    private final long startNanos;

    private IdleConnections(int count) {
        this.count = count;
        this.startNanos = System.nanoTime();
    }

    /**
     * Opens {@code count} connections to 127.0.0.1:port with the given keep alive (0: none) and waits
     * until every one has its CONNACK.
     */
    public static IdleConnections open(EventLoopGroup group, int port, int count, int keepAliveSeconds,
                                       String clientIdPrefix, long timeout, TimeUnit unit)
            throws InterruptedException, TimeoutException {
        IdleConnections batch = new IdleConnections(count);
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        Semaphore handshakes = new Semaphore(HANDSHAKES);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_RCVBUF, 4096)
                .option(ChannelOption.SO_SNDBUF, 4096);
        for (int i = 0; i < count; i++) {
            if (!handshakes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException(batch.connAcks.get() + " of " + count + " CONNACKs within " + timeout + " " + unit);
            }
            byte[] connect = connectPacket(clientIdPrefix + i, keepAliveSeconds);
            Channel ch = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel c) {
                    c.pipeline().addLast(batch.new Handler(connect, handshakes));
                }
            }).connect("127.0.0.1", port).addListener(f -> {
                if (!f.isSuccess()) {
                    batch.failures.add(f.cause());
                    handshakes.release();
                }
            }).channel();
            batch.channels.add(ch);
        }
        if (!handshakes.tryAcquire(HANDSHAKES, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException(batch.connAcks.get() + " of " + count + " CONNACKs within " + timeout + " " + unit);
        }
        if (!batch.failures.isEmpty()) {
            throw new IllegalStateException(batch.failures.size() + " connections failed, first: " + batch.failures.peek(),
                    batch.failures.peek());
        }
        return batch;
    }

    /** MQTT 3.1.1 CONNECT, clean session, no will, no user name. */
    static byte[] connectPacket(String clientId, int keepAliveSeconds) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + id.length;
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x10);
        for (int x = remaining; ; ) { // Variable Byte Integer
            int digit = x % 128;
            x /= 128;
            buf.writeByte(x > 0 ? digit | 0x80 : digit);
            if (x == 0) {
                break;
            }
        }
        buf.writeShort(4).writeBytes("MQTT".getBytes(StandardCharsets.US_ASCII)).writeByte(4).writeByte(0x02)
                .writeShort(keepAliveSeconds).writeShort(id.length).writeBytes(id);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    int connAcks() {
        return connAcks.get();
    }

    /** Connections the broker (or the network) has closed. */
    public int closed() {
        return closed.get();
    }

    /** From the first connect to the last CONNACK. */
    public long connectMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lastConnAckNanos.get() - startNanos);
    }

    /** From the last CONNACK to the last close: for a batch the broker closes by keep alive. */
    public long lastCloseAfterLastConnAckMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lastCloseNanos.get() - lastConnAckNanos.get());
    }

    /** Waits until every connection of the batch is closed; false if not within the timeout. */
    public boolean awaitAllClosed(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (closed) {
            while (closed.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(closed, left);
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close();
        }
        for (Channel ch : channels) {
            ch.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final byte[] connect;
        private final Semaphore handshakes;
        private int seen;
        private boolean acked;

        Handler(byte[] connect, Semaphore handshakes) {
            this.connect = connect;
            this.handshakes = handshakes;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(connect));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                while (buf.isReadable() && !acked) {
                    int b = buf.readUnsignedByte();
                    if ((seen == 0 && b != 0x20) || (seen == 3 && b != 0)) {
                        failures.add(new IllegalStateException("not an accepting CONNACK: byte " + seen + " is " + b));
                        ctx.close();
                        return;
                    }
                    if (++seen == 4) {
                        acked = true;
                        lastConnAckNanos.accumulateAndGet(System.nanoTime(), Math::max);
                        connAcks.incrementAndGet();
                        handshakes.release();
                    }
                }
            } finally {
                ReferenceCountUtil.release(buf);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!acked) {
                failures.add(new IllegalStateException("closed before its CONNACK"));
                handshakes.release();
            }
            lastCloseNanos.accumulateAndGet(System.nanoTime(), Math::max);
            synchronized (closed) {
                closed.incrementAndGet();
                closed.notifyAll();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the broker counts as a close
        }
    }
}
