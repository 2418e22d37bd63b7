package io.mqttools.broker.transport;

import io.mqttools.broker.BrokerConfig;
import io.mqttools.broker.config.Listener;
import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.connection.SharedEncodings;
import io.mqttools.broker.dashboard.HttpSite;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.mqttools.broker.metrics.ListenerGauge;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultithreadEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners and their event loops: native epoll where available, NIO elsewhere. The worker loops
 * ({@code mqttools-io-N}) own the connections and also accept them: each listening socket is registered on
 * one of them, so a connection accepted there starts on that loop without a hand-off to another thread
 * (and with one loop, as on a 2-core machine, no connection is handed off at all), as in mosquitto's single
 * loop. A separate acceptor thread cost about 12 % more CPU per connect and close (docs/benchmarks.md).
 */
public final class NettyServer implements AutoCloseable {
    /** Per-channel outbound buffer above which a channel is unwritable and the session queue holds the rest. */
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
    /**
     * Netty's default read sizing, one instance for every connection: it is configuration only (each channel
     * makes its own handle from it), and a channel otherwise makes its own copy, 40 B per connection.
     */
    private static final RecvByteBufAllocator RECEIVE_SIZES = new AdaptiveRecvByteBufAllocator();

    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final SharedEncodings encodings;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<ReloadableTlsContext> tlsContexts = new ArrayList<>();
    private Listener binding;
    private Channel http;

    /** @param ioThreads the worker loops, 1 or more */
    public NettyServer(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("a broker needs at least one event loop, not " + ioThreads);
        }
        ThreadFactory io = new DefaultThreadFactory("mqttools-io");
        if (Epoll.isAvailable()) {
            workers = new EpollEventLoopGroup(ioThreads, io);
            channelType = EpollServerSocketChannel.class;
        } else {
            workers = new NioEventLoopGroup(ioThreads, io);
            channelType = NioServerSocketChannel.class;
        }
        encodings = new SharedEncodings(workers, ByteBufAllocator.DEFAULT);
    }

    /** The per-loop fan-out encodings for the connections. */
    public SharedEncodings encodings() {
        return encodings;
    }

    /** The number of worker loops. */
    public int ioThreads() {
        return ((MultithreadEventLoopGroup) workers).executorCount();
    }

    /** One of the worker loops, for work confined to a single thread (an in-process client). */
    public java.util.concurrent.Executor nextLoop() {
        return workers.next();
    }

    /** The workers, which also run the broker's timers (will delay, session expiry). */
    public ScheduledExecutorService timers() {
        return workers;
    }

    /**
     * Binds the listeners of the configuration, each with its own services (its own authenticator and
     * authorizer where it has security settings of its own), and returns once they listen.
     *
     * @param servicesOf the services of the listener at each index of {@code config.listeners()}
     * @throws IllegalArgumentException for unusable TLS files
     * @throws InterruptedException     if interrupted while binding
     */
    public void bind(BrokerConfig config, IntFunction<BrokerServices> servicesOf) throws InterruptedException {
        List<ChannelHandler> initializers = new ArrayList<>();
        for (int index = 0; index < config.listeners().size(); index++) { // TLS files are checked before binding
            Listener l = config.listeners().get(index);
            BrokerServices services = servicesOf.apply(index);
            ReloadableTlsContext ssl = l.tls() == null ? null : new ReloadableTlsContext(l.tls());
            if (ssl != null) {
                tlsContexts.add(ssl);
            }
            ListenerGauge gauge = services.traffic().listener(gaugeName(l));
            boolean identity = l.tls() != null && l.tls().useIdentityAsUsername();
            ListenerPipeline pipeline = new ListenerPipeline(services, ssl, gauge, identity, l.proxyProtocol());
            initializers.add(l.protocol() == Listener.Protocol.WEBSOCKETS
                    ? new WebSocketChannelInitializer(pipeline) : new MqttChannelInitializer(pipeline));
        }
        for (int i = 0; i < initializers.size(); i++) {
            binding = config.listeners().get(i);
            InetSocketAddress address = binding.host() == null
                    ? new InetSocketAddress(binding.port()) // the wildcard address: IPv4 and IPv6, as mosquitto
                    : new InetSocketAddress(binding.host(), binding.port());
            channels.add(bootstrap(initializers.get(i)).bind(address).sync().channel());
            listeners.add(binding);
        }
        binding = null;
    }

    /**
     * Builds every TLS listener's context again from its files (SIGHUP): new connections get the new
     * certificate, live ones keep theirs. A listener whose files cannot be used keeps its previous context;
     * the problem (naming the file) is logged in one line and returned.
     *
     * @return the problems, empty when every TLS listener was reloaded
     */
    public List<String> reloadTls() {
        List<String> problems = new ArrayList<>(0);
        for (ReloadableTlsContext tls : tlsContexts) {
            try {
                tls.reload();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                LOG.error("TLS reload: {}; the listener keeps its previous certificate", e.getMessage());
            }
        }
        if (!tlsContexts.isEmpty() && problems.isEmpty()) {
            LOG.info("TLS certificates reloaded ({} listener{})", tlsContexts.size(), tlsContexts.size() == 1 ? "" : "s");
        }
        return problems;
    }

    /** The listener being bound when binding failed (for the error message), else "nothing". */
    public String binding() {
        return binding == null ? "nothing" : binding.toString();
    }

    /** The name of a listener's open-socket gauge: mqtt, mqtts, ws or wss, and the port when several share it. */
    private static String gaugeName(Listener l) {
        return (l.protocol() == Listener.Protocol.WEBSOCKETS ? "ws" : "mqtt") + (l.secure() ? "s" : "");
    }

    /**
     * Binds the HTTP listener that serves {@code /metrics} and the dashboard, on the same event loops as the MQTT ones.
     *
     * @param host the interface, or null for every one
     * @param site what it serves
     * @throws IllegalStateException naming the host and port when it cannot be bound
     */
    public void bindHttp(String host, int port, HttpSite site) throws InterruptedException {
        try {
            http = bootstrap(new HttpSiteInitializer(site))
                    .bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port)).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // bind failures arrive as (undeclared) checked exceptions from sync()
            throw new IllegalStateException("cannot listen for HTTP (metrics) on "
                    + (host == null ? "every interface" : host) + " port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound metrics HTTP port, or -1 without one. */
    public int httpPort() {
        return http == null ? -1 : ((InetSocketAddress) http.localAddress()).getPort();
    }

    private ServerBootstrap bootstrap(ChannelHandler initializer) {
        return new ServerBootstrap()
                .group(workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_SIZES)
                .childHandler(initializer);
    }

    /** The bound listeners, in the configuration's order. */
    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }

    /** The bound port of each listener, in the configuration's order (the real ones where 0 was asked for). */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(channels.size());
        for (Channel c : channels) {
            ports.add(((InetSocketAddress) c.localAddress()).getPort());
        }
        return List.copyOf(ports);
    }

    /** Stops accepting new connections. */
    public void stopAccepting() {
        for (Channel c : channels) {
            c.close().syncUninterruptibly();
        }
        if (http != null) {
            http.close().syncUninterruptibly();
        }
    }

    /** Waits for the given closings (bounded), then stops the event loops. */
    public void shutdown(List<Future<?>> closing) {
        for (Future<?> f : closing) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        encodings.releaseAll();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        stopAccepting();
        shutdown(List.of());
    }
}
