package io.mqttools.client.internal;

import io.mqttools.client.internal.ClientFailure.Kind;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a client's event loop (its own, or one of {@link SharedEventLoops} it borrows and never shuts
 * down) and its connections: the blocking start with connect delays, automatic
 * reconnect, stop, and the hand-over of user calls (from any thread) to the event loop, batched so
 * that a burst of publishes is flushed once.
 *
 * <p>Threading: {@link #start}, {@link #stop} are serialised by this object's monitor; {@link #publish},
 * {@link #subscribe}, {@link #unsubscribe} may be called from any thread; everything else runs on the
 * event loop, where all connection state lives.
 */
public final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final ClientSettings settings;
    private final ClientListener listener;
    private final Function<ClientFailure, ? extends RuntimeException> failures;
    private final ChannelFactory channels;
    private final Semaphore outstanding;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Null: the connector starts an event loop of its own on each start() and shuts it down on stop(). */
    private final SharedEventLoops shared;
    /** The loop of its own, or null (not started, or on a shared loop). */
    private volatile EventLoopGroup group;
    private volatile EventLoop loop;
    private volatile boolean running;
    private volatile ClientSession session;

    // Event-loop confined.
    private Channel channel;
    private CompletableFuture<ConnAck> connecting;
    /** The Clean Start flag of the CONNECT in progress: with it, a CONNACK claiming a session is wrong. */
    private boolean connectingClean;
    /** The SCRAM exchange of the CONNECT in progress, or null (no SCRAM, or none in progress). */
    private ScramClient scram;
    /** The re-authentication running on the live connection, and what waits for it; null when none runs. */
    private ScramClient reauth;
    private CompletableFuture<Void> reauthDone;
    private final SecureRandom random = new SecureRandom();
    /** Completes when the current connection has restored the subscriptions (see ClientSession.attach). */
    private CompletableFuture<?> restored = CompletableFuture.completedFuture(null);
    private boolean stopped;
    private boolean cleanStartOnReconnect;
    private ScheduledFuture<?> reconnectTask;

    /**
     * @param failures turns internal failures into the exceptions publish futures fail with (the API's
     *                 own types; this package does not know them)
     */
    public Connector(ClientSettings settings, ClientListener listener,
                     Function<ClientFailure, ? extends RuntimeException> failures) {
        this(settings, listener, failures, null);
    }

    /**
     * @param shared the loops to take one from on each start(), or null for a thread of the client's own
     */
    public Connector(ClientSettings settings, ClientListener listener,
                     Function<ClientFailure, ? extends RuntimeException> failures, SharedEventLoops shared) {
        this.shared = shared;
        this.settings = settings;
        this.listener = listener;
        this.failures = failures;
        this.channels = new ChannelFactory(settings, this);
        this.outstanding = new Semaphore(settings.maxOutstanding());
    }

    /**
     * Connects, trying again after each connect delay while the broker cannot be reached. Blocks.
     *
     * @return whether the broker resumed a session
     * @throws ClientFailure CONNECT_REFUSED, UNREACHABLE or TIMEOUT when no attempt succeeded
     */
    public synchronized boolean start(boolean resumeSession) throws InterruptedException {
        if (running) {
            throw new IllegalStateException("the client is already started; stop() it first");
        }
        if (shared != null) {
            loop = shared.next();
        } else {
            group = new NioEventLoopGroup(1, new DefaultThreadFactory("mqttools-client-" + settings.clientId(), true));
            loop = group.next();
        }
        running = true;
        session = new ClientSession(settings, listener);
        runOnLoop(() -> {
            stopped = false;
            cleanStartOnReconnect = settings.version() == ProtocolVersion.MQTT_5 ? false : !resumeSession;
        });
        List<Duration> delays = settings.connectDelays();
        ConnAck connAck = null;
        for (int attempt = 0; connAck == null; attempt++) {
            try {
                connAck = await(supplyOnLoop(() -> connect(!resumeSession)), null);
            } catch (ClientFailure failure) {
                if (failure.kind() == Kind.CONNECT_REFUSED || delays.isEmpty()) {
                    shutdown();
                    throw failure;
                }
                Duration delay = delays.get(Math.min(attempt, delays.size() - 1));
                LOG.info("Connecting to {} failed ({}); retrying in {} s.", settings.address(), failure.getMessage(),
                        delay.toMillis() / 1000.0);
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    shutdown();
                    throw e;
                }
            }
        }
        return connAck.sessionPresent();
    }

    /** Disconnects cleanly (DISCONNECT, close) and fails what is still pending. Blocks briefly. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            runOnLoop(() -> {
                stopped = true;
                if (reconnectTask != null) {
                    reconnectTask.cancel(false);
                }
                if (connecting != null && !connecting.isDone()) {
                    connecting.completeExceptionally(new ClientFailure(Kind.CONNECTION_LOST, null, "The client was stopped"));
                }
                if (channel != null && channel.isActive()) {
                    channel.writeAndFlush(Disconnect.NORMAL);
                    channel.close();
                }
                session.failAll(new ClientFailure(Kind.CONNECTION_LOST, null, "The client was stopped"));
            });
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        running = false;
        EventLoopGroup g = group;
        group = null;
        // A shared loop keeps running: calls handed over meanwhile run there and fail (the session is closed).
        if (g != null) {
            io.netty.util.concurrent.Future<?> f = g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (!loop.inEventLoop() && f.awaitUninterruptibly(5, TimeUnit.SECONDS)) {
                // Calls handed over while the loop was stopping never ran: run them now (the loop is gone,
                // so this thread is the only one left touching the session); they fail at once.
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
            }
        }
    }

    public boolean isStarted() {
        return running;
    }

    /**
     * Accepts a publish. Blocks while {@code maxOutstanding} accepted publishes are not yet complete
     * (on the event loop itself it never blocks).
     */
    public CompletableFuture<ReasonCode> publish(Publish publish) throws InterruptedException {
        CompletableFuture<ReasonCode> future = new CompletableFuture<>();
        EventLoop l = loop;
        if (!running) {
            future.completeExceptionally(failures.apply(new ClientFailure(Kind.CONNECTION_LOST, null, "The client is not started")));
            return future;
        }
        if (!l.inEventLoop()) {
            outstanding.acquire();
            future.whenComplete((r, e) -> outstanding.release());
        }
        PendingPublish pending = new PendingPublish(publish, future, failures);
        enqueue(() -> session.submit(pending), pending::fail);
        return future;
    }

    public CompletableFuture<Packet> subscribe(List<Subscription> subscriptions) {
        CompletableFuture<Packet> future = new CompletableFuture<>();
        enqueue(() -> session.subscribe(subscriptions, future), future::completeExceptionally);
        return future;
    }

    public CompletableFuture<Packet> unsubscribe(List<String> filters) {
        CompletableFuture<Packet> future = new CompletableFuture<>();
        enqueue(() -> session.unsubscribe(filters, future), future::completeExceptionally);
        return future;
    }

    /**
     * Re-authenticates with SCRAM-SHA-256 on the live connection (AUTH 0x19); completes when the broker's
     * AUTH 0x00 carries a valid server signature, fails when the broker refuses (it then disconnects),
     * the signature is wrong, or there is no connection. Any thread.
     */
    public CompletableFuture<Void> reauthenticate() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(() -> {
            if (channel == null || !session.isConnected() || scram != null) {
                done.completeExceptionally(new ClientFailure(Kind.CONNECTION_LOST, null, "Not connected"));
            } else if (reauthDone != null) {
                done.completeExceptionally(new IllegalStateException("a re-authentication is already running"));
            } else {
                reauth = new ScramClient(settings.username(), settings.scramPassword(), random);
                reauthDone = done;
                channel.writeAndFlush(reauth.reauthenticate());
                loop.schedule(() -> {
                    if (reauthDone == done) {
                        endReauth("no answer within " + settings.responseTimeout().toMillis() + " ms");
                    }
                }, settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        }, done::completeExceptionally);
        return done;
    }

    /** The re-authentication ended: the future learns how, and a failure closes the connection. */
    private void endReauth(String problem) {
        CompletableFuture<Void> done = reauthDone;
        reauth = null;
        reauthDone = null;
        if (problem == null) {
            done.complete(null);
            return;
        }
        done.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, ReasonCode.PROTOCOL_ERROR,
                "Re-authentication with " + settings.address() + " failed: " + problem));
        session.protocolError(ReasonCode.PROTOCOL_ERROR, "re-authentication failed: " + problem);
    }

    /** Reading was paused because the application's queue was full; start again. Any thread. */
    public void resumeReading() {
        EventLoop l = loop;
        if (l != null) {
            l.execute(() -> {
                if (channel != null) {
                    channel.config().setAutoRead(true);
                }
            });
        }
    }

    /** Waits for a future for at most the response timeout plus {@code extra}, unwrapping its failure. */
    public <T> T await(CompletableFuture<T> future, Duration extra) {
        try {
            long millis = settings.responseTimeout().plus(extra == null ? Duration.ZERO : extra).toMillis();
            return extra == null ? future.get() : future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientFailure f) {
                throw f;
            }
            throw new ClientFailure(Kind.CONNECTION_LOST, null, String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new ClientFailure(Kind.TIMEOUT, null, "The broker did not answer within " + settings.responseTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure(Kind.CONNECTION_LOST, null, "Interrupted while waiting for the broker", e);
        }
    }

    // ---- hand-over to the event loop ----

    private void enqueue(Runnable command, Consumer<ClientFailure> onRejected) {
        EventLoop l = loop;
        if (l == null || !running) {
            onRejected.accept(new ClientFailure(Kind.CONNECTION_LOST, null, "The client is not started"));
            return;
        }
        commands.add(command);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                l.execute(this::drain);
            } catch (RejectedExecutionException e) {
                commands.remove(command);
                drainScheduled.set(false);
                onRejected.accept(new ClientFailure(Kind.CONNECTION_LOST, null, "The client is stopped"));
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
        session.flush();
    }

    private void runOnLoop(Runnable action) {
        if (loop.inEventLoop()) {
            action.run(); // e.g. stop() from the onMessage hook: waiting for the loop would deadlock
            return;
        }
        await(supplyOnLoop(() -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        }), null);
    }

    private <T> CompletableFuture<T> supplyOnLoop(java.util.function.Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> action.get().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        }));
        return result;
    }

    // ---- connections (event loop) ----

    private CompletableFuture<ConnAck> connect(boolean cleanStart) {
        CompletableFuture<ConnAck> result = new CompletableFuture<>();
        connecting = result;
        connectingClean = cleanStart;
        scram = settings.scramPassword() == null ? null : new ScramClient(settings.username(), settings.scramPassword(), random);
        channels.connect(loop, cleanStart, result, scram).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new ClientFailure(Kind.UNREACHABLE, null,
                        "Cannot connect to " + settings.address() + ": " + describe(f.cause()), f.cause()));
            } else if (result.isDone()) {
                ((io.netty.channel.ChannelFuture) f).channel().close();
            } else {
                channel = ((io.netty.channel.ChannelFuture) f).channel();
                Channel ch = channel;
                loop.schedule(() -> {
                    if (!result.isDone()) {
                        result.completeExceptionally(new ClientFailure(Kind.TIMEOUT, null,
                                "No CONNACK from " + settings.address() + " within " + settings.responseTimeout().toMillis() + " ms"));
                        ch.close();
                    }
                }, settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
        return result;
    }

    void onConnAck(Channel ch, ConnAck connAck) {
        CompletableFuture<ConnAck> result = connecting;
        if (ch != channel || result == null || result.isDone()) {
            session.protocolError(ReasonCode.PROTOCOL_ERROR, "unexpected CONNACK");
            return;
        }
        if (connAck.reasonCode().isError()) {
            String hint = connAck.reasonCode() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION && settings.version().isV5()
                    ? "; the broker may only speak MQTT 3.1.1 (--protocol-version 3.1.1)" : "";
            result.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, connAck.reasonCode(),
                    "The broker at " + settings.address() + " refused the connection: " + connAck.reasonCode()
                            + reasonString(connAck.properties()) + hint));
            ch.close();
            return;
        }
        if (scram != null && !scram.verifies(connAck)) {
            // the broker let us in without proving it holds our credential: it is not the broker we trust
            if (settings.version().isV5()) {
                ch.writeAndFlush(new Disconnect(ReasonCode.UNSPECIFIED_ERROR));
            }
            result.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, null,
                    "The broker at " + settings.address() + " did not prove it knows the SCRAM-SHA-256 credential"
                            + " (wrong or missing server signature in CONNACK)"));
            ch.close();
            return;
        }
        scram = null;
        if (connectingClean && connAck.sessionPresent()) {
            // [MQTT-3.2.2-4] we asked for a new session and hold no state for an old one: close
            if (settings.version().isV5()) {
                ch.writeAndFlush(new Disconnect(ReasonCode.PROTOCOL_ERROR));
            }
            result.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, ReasonCode.PROTOCOL_ERROR,
                    "The broker at " + settings.address() + " claimed a session present after Clean Start 1"));
            ch.close();
            return;
        }
        channels.startKeepAlive(ch, connAck);
        restored = session.attach(ch, connAck);
        session.flush();
        result.complete(connAck);
    }

    /** AUTH from the broker: the SCRAM challenge before CONNACK; anything else is a protocol error. */
    void onAuth(Channel ch, Auth auth) {
        CompletableFuture<ConnAck> result = connecting;
        if (ch != channel) {
            return;
        }
        if (result == null || result.isDone()) {
            onAuthWhenConnected(ch, auth);
            return;
        }
        try {
            if (scram == null) {
                throw new IllegalArgumentException("AUTH from the broker, but the CONNECT named no Authentication Method");
            }
            ch.writeAndFlush(scram.answer(auth));
        } catch (IllegalArgumentException problem) {
            ch.writeAndFlush(new Disconnect(ReasonCode.PROTOCOL_ERROR));
            result.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, ReasonCode.PROTOCOL_ERROR,
                    "Enhanced authentication with " + settings.address() + " failed: " + problem.getMessage()));
            ch.close();
        }
    }

    private void onAuthWhenConnected(Channel ch, Auth auth) {
        if (reauth == null) {
            session.protocolError(ReasonCode.PROTOCOL_ERROR, "unexpected AUTH " + auth.reasonCode() + " from the broker");
        } else if (auth.reasonCode() == ReasonCode.SUCCESS) {
            endReauth(reauth.verifies(auth) ? null : "the broker's server signature does not verify");
        } else {
            try {
                ch.writeAndFlush(reauth.answer(auth));
            } catch (IllegalArgumentException problem) {
                endReauth(problem.getMessage());
            }
        }
    }

    void onPacket(Channel ch, Packet packet) {
        if (ch == channel && session.isConnected()) {
            session.onPacket(packet);
        } else {
            LOG.debug("Ignoring {} from a connection that is not (or no longer) the current one", packet.type());
        }
    }

    void onWriterIdle(Channel ch) {
        if (ch == channel) {
            session.onWriterIdle();
        }
    }

    void onDecodeError(Channel ch, DecodeException e) {
        CompletableFuture<ConnAck> result = connecting;
        if (ch == channel && session.isConnected()) {
            session.protocolError(e.reasonCode(), "malformed packet from the broker: " + e.getMessage());
        } else {
            if (ch == channel && result != null && !result.isDone()) {
                String hint = settings.version().isV5() ? " (a broker that only speaks MQTT 3.1.1 answers an MQTT 5.0"
                        + " CONNECT this way: try --protocol-version 3.1.1)" : "";
                result.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, e.reasonCode(),
                        "The broker at " + settings.address() + " sent a CONNACK the client cannot read: "
                                + e.getMessage() + hint, e));
            }
            ch.close();
        }
    }

    void onChannelClosed(Channel ch, Throwable cause) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (reauthDone != null) { // the broker refused the re-authentication (DISCONNECT 0x87) or the link broke
            Disconnect d = session.brokerDisconnect();
            reauthDone.completeExceptionally(new ClientFailure(Kind.CONNECT_REFUSED, d == null ? null : d.reasonCode(),
                    "Re-authentication with " + settings.address() + " failed: " + (d == null ? "connection closed"
                            : "the broker disconnected: " + d.reasonCode() + reasonString(d.properties()))));
            reauth = null;
            reauthDone = null;
        }
        CompletableFuture<ConnAck> result = connecting;
        if (result != null && !result.isDone()) {
            result.completeExceptionally(new ClientFailure(Kind.UNREACHABLE, null,
                    "The broker at " + settings.address() + " closed the connection before CONNACK"
                            + (cause == null ? "" : ": " + describe(cause)), cause));
            return;
        }
        if (stopped || !session.isConnected()) {
            return;
        }
        Disconnect d = session.brokerDisconnect();
        String reason = d != null ? "The broker disconnected: " + d.reasonCode() + reasonString(d.properties())
                : cause != null ? "Connection error: " + describe(cause) : "The broker closed the connection";
        ClientFailure failure = new ClientFailure(Kind.CONNECTION_LOST, d == null ? null : d.reasonCode(), reason, cause);
        session.detach(failure);
        boolean reconnecting = !settings.reconnectDelays().isEmpty();
        LOG.info("{}{}", reason, reconnecting ? "; reconnecting." : ".");
        listener.onConnectionLost(reason, cause, reconnecting);
        if (reconnecting) {
            scheduleReconnect(0);
        } else {
            session.failAll(failure);
        }
    }

    private void scheduleReconnect(int attempt) {
        List<Duration> delays = settings.reconnectDelays();
        Duration delay = delays.get(Math.min(attempt, delays.size() - 1));
        reconnectTask = loop.schedule(() -> {
            if (stopped) {
                return;
            }
            connect(cleanStartOnReconnect).whenComplete((connAck, error) -> {
                if (stopped) {
                    return;
                }
                if (error != null) {
                    LOG.info("Reconnecting to {} failed: {}", settings.address(), error.getMessage());
                    scheduleReconnect(attempt + 1);
                } else {
                    LOG.info("Reconnected to {}.", settings.address());
                    // Reconnected means usable as before: after the subscriptions are restored. If the
                    // connection is lost first, its ConnectionLost and the next attempt take over.
                    restored.whenComplete((ack, failure) -> {
                        if (failure == null && !stopped) {
                            listener.onReconnected(connAck.sessionPresent());
                        }
                    });
                }
            });
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String reasonString(io.mqttools.protocol.Properties properties) {
        String s = properties.getString(io.mqttools.protocol.PropertyId.REASON_STRING);
        return s == null ? "" : " (" + s + ")";
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
