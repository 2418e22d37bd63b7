package io.mqttools.broker.connection;

import io.mqttools.broker.metrics.Tally;
import io.mqttools.broker.metrics.TopicCounter;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.WakeBatch;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.codec.MqttEncoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one connection and the way to write to it. Confined to the channel's event loop: plain
 * fields, no synchronisation. Writes are not flushed here; the handler flushes once per read batch and
 * once per drain task ({@link #flush()}).
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    final ChannelHandlerContext ctx;
    final BrokerServices services;

    ProtocolVersion version;
    String clientId;
    /** The CONNECT's user name, or null; what the authorizer is asked about. */
    String username;
    /** The CONNECT had the bridge bit (3.1.1/3.1 level 0x84/0x83): subscriptions are No Local and Retain As Published. */
    boolean bridge;
    /** The authorizer's cached answers for this client, or null when the broker allows everything. */
    TopicAccess access;
    Session session;
    /** The will to publish if the connection ends abnormally; null once a normal DISCONNECT removed it. */
    Will will;
    long sessionExpiry;
    /** Unacknowledged QoS 1/2 PUBLISHes we may send: min(client's Receive Maximum, our maxInflight). */
    int sendQuota;
    /** The client's Topic Alias Maximum (5.0), 0 when it takes none. */
    int clientTopicAliasMaximum;
    /** The client's Maximum Packet Size, or 0 for no limit. */
    long clientMaxPacketSize;
    /** False when a 5.0 client set Request Problem Information to 0: no Reason Strings where optional. */
    boolean requestProblemInformation = true;
    /** Set once a CONNACK with success has been written. */
    boolean connected;
    /** Set once the end of the connection has been logged, so that it is logged once. */
    boolean endLogged;

    /**
     * Wake-ups of other sessions' owners collected during a read batch, sent at its end: the event loop's
     * batch, shared by its connections ({@link Connections.PerLoop}).
     */
    final WakeBatch wakes;
    /** Enhanced authentication (5.0 AUTH exchanges), made at the first use: most connections have none. */
    private EnhancedAuth auth;
    /**
     * Packets in and out since the last flush, added to the broker's counters at each flush: the event loop's
     * tally, shared by its connections.
     */
    final Tally tally;
    /** This event loop's per-topic counter (the dashboard's topic rates), or null when they are not counted. */
    final TopicCounter topics;

    /** Told when the connection ends for MQTT; a reference rather than a callback, 16 B less per connection. */
    private final ConnectionHandler handler;
    private boolean dirty;
    private boolean closing;

    /** @param handler told ({@code ended()}) when the connection ends for MQTT (the socket may still be closing) */
    Connection(ChannelHandlerContext ctx, BrokerServices services, ConnectionHandler handler,
               WakeBatch wakes) {
        this.ctx = ctx;
        this.services = services;
        this.handler = handler;
        this.wakes = wakes;
        this.tally = services.traffic().tally(ctx.executor());
        this.topics = services.traffic().topics().counter(ctx.executor());
    }

    /** The enhanced authentication state, made at the first call. */
    EnhancedAuth auth() {
        if (auth == null) {
            auth = new EnhancedAuth(this);
        }
        return auth;
    }

    /** Whether an enhanced authentication exchange is running (without making the state). */
    boolean authInProgress() {
        return auth != null && auth.inProgress();
    }

    /** Adds the Authentication Method (and success data) to a CONNACK, if the CONNECT named one. */
    void addAuthToConnAck(Properties.Builder b) {
        if (auth != null) {
            auth.addToConnAck(b);
        }
    }

    boolean isV5() {
        return version == ProtocolVersion.MQTT_5;
    }

    /** Writes without flushing. */
    void write(Packet packet) {
        tally.messageSent();
        ctx.write(packet, ctx.voidPromise());
        dirty = true;
    }

    /** Writes an already-encoded packet without flushing; the channel releases it. */
    void write(ByteBuf encoded) {
        tally.messageSent();
        ctx.write(encoded, ctx.voidPromise());
        dirty = true;
    }

    /**
     * Writes an acknowledgement with a Reason String where the client may have one: 5.0, Request
     * Problem Information not 0 ([MQTT-3.1.2-29]), and within its Maximum Packet Size (else the
     * string is dropped, as [MQTT-3.4.2-2] and its siblings require); otherwise the plain packet.
     */
    void writeWithReason(Packet withReason, Packet plain) {
        boolean fits = clientMaxPacketSize == 0 || PacketEncoder.encodedSize(version, withReason) <= clientMaxPacketSize;
        write(isV5() && requestProblemInformation && fits ? withReason : plain);
    }

    /** A Reason String property. */
    static Properties reason(String why) {
        return Properties.builder().set(PropertyId.REASON_STRING, why).build();
    }

    /**
     * Makes this thread's store writes durable, sends the batch's wake-ups, then flushes if anything was
     * written since the last flush: acknowledgements reach the socket only after what they acknowledge
     * is on disk (one synced write per batch, not per message).
     */
    void flush() {
        if (!commit()) {
            return;
        }
        wakes.flush();
        tally.flush();
        if (dirty) {
            dirty = false;
            ctx.flush();
        }
    }

    /** Counts a packet read from the client. */
    void received(Packet packet) {
        tally.messageReceived();
        if (packet instanceof Publish p) {
            tally.publishReceived(p.payload().length());
        }
    }

    /** Commits the store; when it cannot write, closes without sending what was written (no false acks). */
    private boolean commit() {
        try {
            services.sessions().durability().commit();
            return true;
        } catch (IllegalStateException e) {
            if (!closing) {
                closing = true;
                endLogged = true;
                LOG.error("{}: session store failed ({}), closing without acknowledging", describe(), e.getMessage());
                dirty = false;
                ctx.channel().close(); // pending writes are failed, not flushed
            }
            return false;
        }
    }

    boolean isClosing() {
        return closing;
    }

    /** Sets the protocol version of the codec, once known from the CONNECT. */
    void useVersion(ProtocolVersion v) {
        version = v;
        MqttDecoder decoder = ctx.pipeline().get(MqttDecoder.class); // an MqttCodec encodes in its version too
        if (decoder != null) {
            decoder.version(v);
        }
        MqttEncoder encoder = ctx.pipeline().get(MqttEncoder.class);
        if (encoder != null) {
            encoder.version(v);
        }
    }

    /**
     * Ends the connection for a protocol violation or a server decision: DISCONNECT with the reason in
     * 5.0, a bare close in 3.1.1, which has no way to say why ([MQTT-4.13.1-1]). Logged once.
     */
    void disconnect(ReasonCode reason, String why) {
        if (closing) {
            return;
        }
        if (reason.isError()) {
            endLogged = true;
            LOG.info("{}: {} ({}), closing", describe(), reason.description(), why);
        }
        if (isV5() && connected) {
            ReasonCode code = reason.isValidFor(PacketType.DISCONNECT)
                    ? reason : ReasonCode.PROTOCOL_ERROR;
            write(disconnectPacket(code, why));
        }
        close();
    }

    /**
     * A DISCONNECT carrying {@code why} as its Reason String (5.0; allowed on DISCONNECT whatever Request
     * Problem Information says [MQTT-3.1.2-29], but left out when the client asked for no problem
     * information or when it would make the packet larger than the client's Maximum Packet Size).
     */
    private Disconnect disconnectPacket(ReasonCode code, String why) {
        if (why == null || !requestProblemInformation) {
            return new Disconnect(code);
        }
        Disconnect withReason = new Disconnect(code, Properties.builder().set(PropertyId.REASON_STRING, why).build());
        if (clientMaxPacketSize > 0 && PacketEncoder.encodedSize(version, withReason) > clientMaxPacketSize) {
            return new Disconnect(code); // [MQTT-3.1.2-25]
        }
        return withReason;
    }

    /**
     * Ends the connection: flushes what was written, then closes the socket in an orderly way
     * ({@link OrderlyClose}) so that the client reads the last packet even if it is still sending.
     * The session is let go of at once, not when the socket is finally closed.
     */
    void close() {
        end(Ending.ORDERLY);
    }

    /**
     * Ends the connection after the client's DISCONNECT: as {@link #close()}, but when what was written
     * is already flushed to the socket the channel is closed at once. The client has said it sends
     * nothing more, so there is nothing to drain and no need to half-close and wait for it; only a client
     * that has not read what it was sent yet gets the orderly close and its linger.
     */
    void closeAfterDisconnect() {
        end(Ending.FLUSHED);
    }

    /**
     * Ends a connection whose socket failed (a reset, a broken pipe): as {@link #close()}, but the channel
     * is closed at once, since nothing more can reach the client. No half-close, no discarding handler,
     * no linger timer holding the channel for {@link OrderlyClose#LINGER_MILLIS}.
     */
    void abort() {
        end(Ending.NOW);
    }

    private enum Ending { ORDERLY, FLUSHED, NOW }

    private void end(Ending how) {
        if (closing) {
            return;
        }
        if (!commit()) {
            return;
        }
        // The wake-ups of this last batch go now, after the commit above: the subscribers' queues already
        // hold what this connection routed, and its final channelReadComplete (which OrderlyClose still
        // forwards) may never come. Flushing again there is harmless: the batch is empty by then.
        wakes.flush();
        closing = true;
        tally.flush();
        dirty = false;
        switch (how) {
            case ORDERLY -> OrderlyClose.close(ctx);
            case FLUSHED -> {
                if (ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).isDone()) {
                    ctx.channel().close(); // everything written is in the kernel's hands
                } else {
                    OrderlyClose.close(ctx); // the client is slow to read it: wait, within the linger
                }
            }
            case NOW -> ctx.channel().close();
        }
        handler.ended();
    }

    String describe() {
        return (clientId == null ? "(no client id yet)" : clientId) + " " + ClientAddress.of(ctx.channel());
    }
}
