package io.mqttools.bench.load;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.codec.MqttEncoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MQTT 3.1.1 connection of the load generator, on our codec. All its state is touched on its
 * channel's event loop only, except the counters, which the coordinating thread reads.
 */
final class LoadConnection extends SimpleChannelInboundHandler<Packet> {
    private static final ProtocolVersion VERSION = ProtocolVersion.MQTT_3_1_1;
    /** Messages written per event-loop task before a flush and a turn for the other channels. */
    private static final int BATCH = 64;

    private final CompletableFuture<LoadConnection> connected = new CompletableFuture<>();
    private CompletableFuture<Void> subscribed;
    private CompletableFuture<Void> publishingDone;
    private Channel channel;

    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    /** nanoTime of the last PUBLISH received. */
    volatile long lastReceiveNanos;
    /** Latency samples in ns, recorded when non-null. Only read after the run has ended. */
    private long[] latencies;
    private int latencyCount;

    // publishing state, event loop only
    private Publish template;
    private long deadlineNanos;
    private int window;
    private int inFlight;
    private int nextPacketId = 1;
    private boolean blasting;

    static CompletableFuture<LoadConnection> open(EventLoopGroup group, int port, String clientIdPrefix) {
        return open(group, port, clientIdPrefix, true);
    }

    /** @param cleanSession false for a persistent session (3.1.1 Clean Session 0), which a durable broker writes to disk */
    static CompletableFuture<LoadConnection> open(EventLoopGroup group, int port, String clientIdPrefix,
                                                  boolean cleanSession) {
        LoadConnection handler = new LoadConnection();
        handler.cleanSession = cleanSession;
        handler.clientId = clientIdPrefix + "-" + System.identityHashCode(handler) + "-" + System.nanoTime();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(MqttDecoder.NAME, new MqttDecoder(VERSION, 1 << 20))
                                .addLast(MqttEncoder.NAME, new MqttEncoder(VERSION))
                                .addLast(handler);
                    }
                })
                .connect("127.0.0.1", port).addListener(f -> {
                    if (!f.isSuccess()) {
                        handler.connected.completeExceptionally(f.cause());
                    }
                });
        return handler.connected;
    }

    private String clientId;
    private boolean cleanSession = true;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(new Connect(VERSION, clientId,
                cleanSession, 0, null, null, null, Properties.EMPTY));
    }

    CompletableFuture<Void> subscribe(String filter, QoS qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            subscribed = done;
            channel.writeAndFlush(new Subscribe(1, List.of(new Subscription(filter, qos)), Properties.EMPTY));
        });
        return done;
    }

    /** Keeps a latency sample (receive time minus the send time in the payload) for each message. */
    void recordLatencies(int capacity) {
        latencies = new long[capacity];
    }

    long[] latencies() {
        return latencies;
    }

    int latencyCount() {
        return latencyCount;
    }

    /** QoS 0 as fast as the socket takes it, until the deadline. */
    CompletableFuture<Void> blastQos0(String topic, byte[] payload, long deadline) {
        return start(new Publish(topic, QoS.AT_MOST_ONCE, false, false, 0, Bytes.wrap(payload), Properties.EMPTY),
                deadline, 0);
    }

    /** QoS 1 with at most {@code window} unacknowledged, until the deadline; completes when all are acked. */
    CompletableFuture<Void> windowedQos1(String topic, byte[] payload, long deadline, int window) {
        return start(new Publish(topic, QoS.AT_LEAST_ONCE, false, false, 1, Bytes.wrap(payload), Properties.EMPTY),
                deadline, window);
    }

    private CompletableFuture<Void> start(Publish publish, long deadline, int window) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            template = publish;
            deadlineNanos = deadline;
            this.window = window;
            publishingDone = done;
            blasting = window == 0;
            if (blasting) {
                pump();
            } else {
                for (int i = 0; i < window; i++) {
                    sendQos1();
                }
                channel.flush();
            }
        });
        return done;
    }

    /** One message carrying its send time, for the latency scenario; called at a fixed rate. */
    void sendTimestamped(String topic, QoS qos) {
        channel.eventLoop().execute(() -> {
            byte[] payload = new byte[64];
            long now = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                payload[i] = (byte) (now >>> (56 - 8 * i));
            }
            channel.writeAndFlush(new Publish(topic, qos, false, false, qos == QoS.AT_MOST_ONCE ? 0 : packetId(), Bytes.wrap(payload),
                    Properties.EMPTY));
            sent.incrementAndGet();
        });
    }

    private int packetId() {
        int id = nextPacketId;
        nextPacketId = id == 0xFFFF ? 1 : id + 1;
        return id;
    }

    private void pump() {
        int n = 0;
        while (channel.isWritable() && n < BATCH) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                sent.addAndGet(n);
                blasting = false;
                channel.flush();
                publishingDone.complete(null);
                return;
            }
            channel.write(template, channel.voidPromise());
            n++;
        }
        sent.addAndGet(n);
        channel.flush();
        if (channel.isWritable()) {
            channel.eventLoop().execute(this::pump);
        }
        // else: channelWritabilityChanged resumes
    }

    private void sendQos1() {
        channel.write(template.withPacketId(QoS.AT_LEAST_ONCE, packetId()), channel.voidPromise());
        inFlight++;
        sent.incrementAndGet();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (blasting && ctx.channel().isWritable()) {
            pump();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
        if (packet instanceof Publish p) {
            long now = System.nanoTime();
            received.incrementAndGet();
            lastReceiveNanos = now;
            if (p.qos() == QoS.AT_LEAST_ONCE) {
                ctx.write(new PubAck(p.packetId()), ctx.voidPromise());
            }
            if (latencies != null && latencyCount < latencies.length) {
                byte[] b = p.payload().unsafeArray();
                long sentAt = 0;
                for (int i = 0; i < 8; i++) {
                    sentAt = (sentAt << 8) | (b[i] & 0xFF);
                }
                latencies[latencyCount++] = now - sentAt;
            }
        } else if (packet instanceof PubAck) {
            acked.incrementAndGet();
            inFlight--;
            if (window > 0) {
                if (System.nanoTime() - deadlineNanos < 0) {
                    sendQos1();
                } else if (inFlight == 0) {
                    publishingDone.complete(null);
                }
            }
        } else if (packet instanceof ConnAck c) {
            if (c.reasonCode().isError()) {
                connected.completeExceptionally(new IllegalStateException("CONNACK " + c.reasonCode()));
            } else {
                connected.complete(this);
            }
        } else if (packet instanceof SubAck s) {
            if (s.reasonCodes().get(0).isError()) {
                subscribed.completeExceptionally(new IllegalStateException("SUBACK " + s.reasonCodes()));
            } else {
                subscribed.complete(null);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connected.completeExceptionally(cause);
        if (publishingDone != null) {
            publishingDone.completeExceptionally(cause);
        }
        ctx.close();
    }

    void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
