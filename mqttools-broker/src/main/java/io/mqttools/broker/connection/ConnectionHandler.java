package io.mqttools.broker.connection;

import io.mqttools.broker.session.SessionOwner;
import io.mqttools.broker.session.SessionRegistry;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Unsubscribe;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single dispatch point of one connection: every packet the client sends arrives here and goes to
 * the collaborator for it. Also the session's {@link SessionOwner}. Per channel, confined to its event
 * loop except for the {@link SessionOwner} methods, which hand their work to it.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter implements SessionOwner {
    public static final String NAME = "connection";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    /** How long a new connection may take to send its CONNECT. */
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    /** CHECKING: the authenticator's answer is awaited (autoRead is off meanwhile, as for CLAIMING). */
    private enum State { AWAITING_CONNECT, CHECKING, AUTHENTICATING, CLAIMING, CONNECTED, CLOSED }

    private final BrokerServices services;
    private State state = State.AWAITING_CONNECT;
    private Connection conn;
    private Handshake handshake;
    private KeepAlive keepAlive;
    private InboundFlow inbound;
    private OutboundFlow outbound;
    /** Made at the first SUBSCRIBE or UNSUBSCRIBE: a client that only publishes never has one. */
    private SubscribeHandler subscriptions;
    private SessionRegistry.Claim claim;
    private Connect connect;
    private Handshake.Outcome outcome;
    private boolean released;
    /** Set once {@link #ended()} has run: when the broker closed the connection, or when the socket closed. */
    private boolean ended;
    private Runnable pendingDetached;
    /**
     * Packets that came behind the CONNECT while the session was being claimed (autoRead is off meanwhile);
     * made when the first one comes, as most clients wait for their CONNACK.
     */
    private ArrayDeque<Packet> early;
    private final Runnable drainTask = this::drainAndFlush;
    /** {@link Connections}' links to the connections opened before and after this one; guarded by its lock. */
    ConnectionHandler previousOpen;
    ConnectionHandler nextOpen;
    /**
     * When the CONNACK was sent (epoch milliseconds), 0 before it and once the connection has ended. Other
     * threads listing the clients read it, then the three fields below and {@code conn}'s client id, version and
     * user name, all written before it and not changed after.
     */
    private volatile long connAckMillis;
    private int connAckKeepAlive;
    private boolean connAckCleanStart;
    private boolean connAckWebSocket;

    public ConnectionHandler(BrokerServices services) {
        this.services = services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Connections.PerLoop loop = services.connections().perLoop(ctx.executor());
        conn = new Connection(ctx, services, this, loop.wakes());
        handshake = new Handshake(conn);
        keepAlive = new KeepAlive(loop.wheel(), this);
        outbound = new OutboundFlow(conn, services.encodings() == null ? null : services.encodings().of(ctx.executor()));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        services.connections().add(this);
        keepAlive.start(CONNECT_TIMEOUT_MILLIS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Packet packet) || conn.isClosing()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        keepAlive.touch();
        conn.received(packet);
        switch (state) {
            case AWAITING_CONNECT -> {
                if (packet instanceof Connect c) {
                    onConnect(c);
                } else {
                    // [MQTT-3.1.0-1] the first packet must be CONNECT
                    LOG.info("{}: first packet {} is not CONNECT, closing", conn.describe(), packet.type());
                    conn.close();
                }
            }
            case CONNECTED -> dispatch(packet);
            case AUTHENTICATING -> {
                if (packet instanceof Auth a) {
                    onAuth(a);
                } else {
                    // 4.12: while an exchange runs, the client sends nothing but AUTH until its CONNACK
                    afterAuth(conn.auth().refuse(ReasonCode.PROTOCOL_ERROR, packet.type() + " during authentication"));
                }
            }
            case CHECKING, CLAIMING -> { // sent right after the CONNECT, in the same read
                if (early == null) {
                    early = new ArrayDeque<>(4);
                }
                early.add(packet);
            }
            case CLOSED -> {
            }
        }
    }

    private void dispatch(Packet packet) {
        switch (packet.type()) {
            case PUBLISH -> inbound().onPublish((Publish) packet);
            case PUBACK -> outbound.onPubAck((PubAck) packet);
            case PUBREC -> outbound.onPubRec((PubRec) packet);
            case PUBREL -> inbound().onPubRel((PubRel) packet);
            case PUBCOMP -> outbound.onPubComp((PubComp) packet);
            case SUBSCRIBE -> subscriptions().onSubscribe((Subscribe) packet);
            case UNSUBSCRIBE -> subscriptions().onUnsubscribe((Unsubscribe) packet);
            case PINGREQ -> conn.write(PingResp.INSTANCE); // [MQTT-3.12.4-1]
            case DISCONNECT -> onDisconnect((Disconnect) packet);
            case AUTH -> onAuth((Auth) packet);
            case CONNECT -> conn.disconnect(ReasonCode.PROTOCOL_ERROR, "second CONNECT"); // [MQTT-3.1.0-2]
            default -> conn.disconnect(ReasonCode.PROTOCOL_ERROR, "unexpected " + packet.type());
        }
    }

    /** Made at the first PUBLISH or PUBREL: a connection that only subscribes never needs it (88 B with its throttle). */
    private InboundFlow inbound() {
        if (inbound == null) {
            inbound = new InboundFlow(conn);
        }
        return inbound;
    }

    private SubscribeHandler subscriptions() {
        if (subscriptions == null) {
            subscriptions = new SubscribeHandler(conn);
        }
        return subscriptions;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        conn.flush(); // once per read batch
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drainAndFlush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void onConnect(Connect c) {
        conn.useVersion(c.version());
        Handshake.Outcome o = handshake.accept(c);
        if (o.refusal() != null) {
            LOG.info("{}: CONNECT refused: {} ({})", conn.describe(), o.refusal().description(), o.why());
            conn.write(Handshake.refusal(c, o));
            conn.close();
            return;
        }
        connect = c;
        outcome = o;
        if (conn.authInProgress()) {
            state = State.AUTHENTICATING;
            afterAuth(conn.auth().onConnect(c));
            return;
        }
        CompletableFuture<ReasonCode> verdict = handshake.checkCredentials(c);
        if (verdict.isDone()) {
            afterCheck(verdict);
            return;
        }
        state = State.CHECKING; // a slow check runs elsewhere: the loop goes on with other connections
        conn.ctx.channel().config().setAutoRead(false);
        verdict.whenComplete((code, failure) -> {
            try {
                conn.ctx.executor().execute(() -> {
                    if (state == State.CHECKING) {
                        afterCheck(verdict);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                // the broker is stopping and closes the connection
            }
        });
    }

    /** The authenticator has answered: claim the session, or refuse with its code. */
    private void afterCheck(CompletableFuture<ReasonCode> verdict) {
        ReasonCode code;
        try {
            code = verdict.join();
        } catch (RuntimeException e) {
            LOG.warn("{}: the authenticator failed", conn.describe(), e);
            code = ReasonCode.UNSPECIFIED_ERROR;
        }
        if (code == ReasonCode.SUCCESS) {
            claimSession();
            return;
        }
        String why = "user " + connect.username() + " not authenticated"; // never the password
        LOG.info("{}: CONNECT refused: {} ({})", conn.describe(), code.description(), why);
        state = State.CLOSED;
        conn.write(Handshake.refusal(connect, Handshake.refuse(code, why)));
        conn.close();
    }

    /** AUTH from the client: continues the CONNECT's exchange, or starts or continues a re-authentication. */
    private void onAuth(Auth a) {
        afterAuth(conn.auth().onAuth(a, state == State.CONNECTED));
    }

    private void afterAuth(EnhancedAuth.Next next) {
        switch (next) {
            case AUTHENTICATED -> claimSession(); // the CONNACK carries the method and any success data
            case ENDED -> {
                if (state == State.AUTHENTICATING) {
                    state = State.CLOSED; // refused before a session was claimed
                }
            }
            case WAIT -> {
            }
        }
    }

    private void claimSession() {
        Connect c = connect;
        handshake.authorised();
        state = State.CLAIMING;
        keepAlive.cancel();
        claim = services.sessions().claim(conn.clientId, c.cleanStart(), conn.sessionExpiry, this);
        conn.session = claim.session();
        if (claim.previousOwner() != null) {
            // Nothing more is read until the previous owner has let go (early packets wait in `early`).
            // Without one, the session is ours at once and reading never stops: no epoll change per connect.
            conn.ctx.channel().config().setAutoRead(false);
            claim.previousOwner().takeOver(claim.sessionPresent(),
                    () -> conn.ctx.executor().execute(this::previousDetached));
        } else {
            previousDetached();
        }
    }

    /** Runs once the session's previous owner, if any, has let go of it. */
    private void previousDetached() {
        if (state != State.CLAIMING || !services.sessions().activate(claim, this)) {
            conn.close();
            release();
            return;
        }
        state = State.CONNECTED;
        conn.connected = true;
        services.traffic().clientConnected();
        conn.write(handshake.connAck(outcome, claim.sessionPresent(), connect));
        connAckKeepAlive = outcome.keepAlive();
        connAckCleanStart = connect.cleanStart();
        connAckWebSocket = conn.ctx.pipeline().get(WebSocketServerProtocolHandler.class) != null;
        connAckMillis = Math.max(1, System.currentTimeMillis());
        if (logConnections()) { // describe() builds a string: not for a line that is not logged
            LOG.info("{} connected (MQTT {}, keep alive {} s, clean start {}, session present {})", conn.describe(),
                    conn.version, outcome.keepAlive(), connect.cleanStart(), claim.sessionPresent());
        }
        keepAlive.startKeepAlive(outcome.keepAlive());
        outbound.resume();
        connect = null;
        outcome = null; // the CONNECT's results are in conn now; nothing more to keep per idle connection
        claim = null; // nor the claim, which may hold the session a clean start discarded
        handshake = null; // nor what checked the CONNECT
        while (early != null && !early.isEmpty() && state == State.CONNECTED && !conn.isClosing()) {
            dispatch(early.poll());
        }
        early = null;
        conn.flush();
        conn.ctx.channel().config().setAutoRead(true); // a no-op unless the claim waited for a takeover
    }

    /** "192.0.2.1:50000", "[2001:db8::1]:50000", or the address's own text for other kinds. */
    private static String hostAndPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Whether the CONNACK was sent and the connection has not ended; from any thread. */
    boolean listed() {
        return connAckMillis != 0;
    }

    /**
     * The client as the dashboard lists it, or null before its CONNACK and after the connection ended; from
     * any thread. Made when asked: an idle connection keeps only the CONNACK's time, keep alive, clean start
     * and listener kind, not the record and its address string (about 120 B).
     */
    ConnectedClient connectedClient() {
        long since = connAckMillis;
        if (since == 0) {
            return null;
        }
        Channel channel = conn.ctx.channel();
        SocketAddress local = channel.localAddress();
        return new ConnectedClient(conn.clientId, hostAndPort(ClientAddress.of(channel)), conn.version.toString(),
                conn.username, connAckKeepAlive, connAckCleanStart,
                local instanceof InetSocketAddress inet ? inet.getPort() : 0,
                connAckWebSocket, since);
    }

    private void onDisconnect(Disconnect d) {
        long expiry = d.properties().getInt(PropertyId.SESSION_EXPIRY_INTERVAL, -1);
        if (expiry >= 0) {
            if (conn.sessionExpiry == 0 && expiry != 0) {
                // a session that ends with the connection cannot be given an expiry now (3.14.2.2.2)
                conn.disconnect(ReasonCode.PROTOCOL_ERROR, "Session Expiry Interval set on DISCONNECT");
                return;
            }
            conn.sessionExpiry = Math.min(expiry, services.limits().maxSessionExpiryInterval());
        }
        if (d.reasonCode() == ReasonCode.NORMAL_DISCONNECTION) {
            conn.will = null; // [MQTT-3.14.4-3] a normal DISCONNECT discards the will
        }
        conn.endLogged = true;
        if (logConnections()) {
            LOG.info("{} disconnected ({})", conn.describe(), d.reasonCode().description());
        }
        conn.closeAfterDisconnect();
    }

    /** The keep alive or the CONNECT timeout ran out ({@link KeepAlive}). */
    void keepAliveTimeout() {
        if (state == State.AWAITING_CONNECT) {
            LOG.info("{}: no CONNECT within {} ms, closing", conn.describe(), CONNECT_TIMEOUT_MILLIS);
            conn.close();
        } else {
            conn.disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
            conn.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        DecodeException decode = decodeException(cause);
        if (decode == null) {
            if (cause instanceof IOException) { // the socket failed: nothing more can be sent on it
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: {}", conn.describe(), cause.toString());
                }
                conn.abort();
                return;
            }
            if (cause.getCause() instanceof SSLException tls) {
                LOG.info("{}: TLS failed: {}", conn.describe(), tls.getMessage());
            } else {
                LOG.warn("{}: unexpected error, closing", conn.describe(), cause);
            }
            conn.close();
            return;
        }
        if (state == State.AWAITING_CONNECT) {
            refuseUndecodableConnect(decode);
        } else {
            conn.disconnect(decode.reasonCode(), decode.getMessage());
            conn.flush();
        }
    }

    /**
     * A CONNECT the decoder refused: answered with a CONNACK in the client's own version where we can
     * tell it ([MQTT-3.1.2-2] unsupported level: 0x84 in 5.0, return code 1 in 3.1.1), else closed.
     */
    private void refuseUndecodableConnect(DecodeException decode) {
        LOG.info("{}: CONNECT refused: {} ({})", conn.describe(), decode.reasonCode().description(),
                decode.getMessage());
        ReasonCode code = decode.reasonCode();
        MqttDecoder decoder = conn.ctx.pipeline().get(MqttDecoder.class);
        ProtocolVersion named = decoder == null ? null : decoder.version();
        int level = decoder == null ? -1 : decoder.connectLevel();
        if (named == null && level == ProtocolVersion.MQTT_5.level()) {
            named = ProtocolVersion.MQTT_5; // refused from its fixed header alone (too large)
        }
        ProtocolVersion answer = null;
        if (code == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // a level with the bridge bit that is not 3.1 or 3.1.1 (0x85...) is told in the version it names
            answer = (level & 0x7F) >= 5 ? ProtocolVersion.MQTT_5 : ProtocolVersion.MQTT_3_1_1;
        } else if (named == ProtocolVersion.MQTT_5 && code.isValidFor(PacketType.CONNACK)) {
            answer = named; // [MQTT-4.13.1-1] 5.0 may be told why
        } else if (named != null && code == ReasonCode.CLIENT_IDENTIFIER_NOT_VALID) {
            answer = named; // 3.1.1 [MQTT-3.1.3-9]: return code 2
        }
        if (answer != null) {
            conn.useVersion(answer);
            conn.write(new ConnAck(false, code, Properties.EMPTY));
        }
        conn.close();
    }

    /** Whether connects and disconnects are logged: info on, and connection_messages not off. */
    private boolean logConnections() {
        return services.features().connectionMessages() && LOG.isInfoEnabled();
    }

    private static DecodeException decodeException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DecodeException d) {
                return d;
            }
        }
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        services.connections().remove(this);
        ended();
        ctx.fireChannelInactive();
    }

    /**
     * The connection is over for MQTT: when the broker closes it (the socket may still be draining) or
     * when the socket closes. Runs its work once.
     */
    void ended() {
        if (ended) {
            return;
        }
        ended = true;
        keepAlive.cancel();
        connAckMillis = 0;
        conn.tally.flush();
        if (conn.connected) {
            services.traffic().clientDisconnected();
        }
        State was = state;
        state = State.CLOSED;
        if (was == State.CONNECTED) {
            if (!conn.endLogged && logConnections()) {
                LOG.info("{} connection lost", conn.describe());
            }
            release();
        }
        // CLAIMING: previousDetached() will still run and release.
    }

    /** Lets go of the session, once: expiry starts and the will is due unless a normal DISCONNECT removed it. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        if (conn.session != null) { // claimed
            services.sessions().disconnected(conn.session, this, conn.sessionExpiry, conn.will);
        }
        Runnable detached = pendingDetached;
        pendingDetached = null;
        if (detached != null) {
            detached.run();
        }
    }

    private void drainAndFlush() {
        if (state == State.CONNECTED) {
            outbound.drain();
            conn.flush();
        }
    }

    // ---- SessionOwner: called from any thread

    @Override
    public void wake() {
        try {
            conn.ctx.executor().execute(drainTask);
        } catch (RejectedExecutionException shuttingDown) {
            // the broker is stopping: the message stays queued in the session
        }
    }

    @Override
    public Executor executor() {
        return conn.ctx.executor();
    }

    @Override
    public void drainNow() {
        drainAndFlush();
    }

    @Override
    public void takeOver(boolean sessionContinues, Runnable detached) {
        conn.ctx.executor().execute(() -> {
            if (released) {
                detached.run();
                return;
            }
            pendingDetached = detached;
            if (state == State.CONNECTED) {
                LOG.info("{}: session taken over by a new connection", conn.describe());
                conn.disconnect(ReasonCode.SESSION_TAKEN_OVER, "session taken over"); // [MQTT-3.1.4-3]
                state = State.CLOSED;
                release();
            } else {
                conn.close(); // still claiming: previousDetached() releases and runs the callback
            }
        });
    }

    @Override
    public String describe() {
        return conn.describe();
    }

    /** Closes the connection for a broker shutdown (DISCONNECT 0x8B in 5.0); wills are due as for any abnormal close. */
    Future<?> shutdown() {
        conn.ctx.executor().execute(() -> conn.disconnect(ReasonCode.SERVER_SHUTTING_DOWN, "server shutting down"));
        return conn.ctx.channel().closeFuture();
    }
}
