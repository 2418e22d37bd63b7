package io.mqttools.client.internal;

import io.mqttools.client.internal.ClientFailure.Kind;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of an MQTT session: outgoing QoS 1/2 exchanges, received QoS 2 identifiers, topic
 * aliases, subscriptions to restore, and the connection currently carrying it (null between
 * connections). Lives as long as one {@code start()}...{@code stop()}; outlives reconnects.
 * Event-loop confined: every method runs on the client's event loop; writes are flushed by the caller
 * at the end of a batch ({@link #flush()}).
 */
final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final ClientSettings settings;
    private final ClientListener listener;
    private final PacketIdAllocator ids = new PacketIdAllocator();
    private final InFlightWindow window = new InFlightWindow(0xFFFF);
    private final OutboundTopicAliases outAliases;
    private final InboundTopicAliases inAliases;
    /** Outgoing QoS 1/2 by packet identifier, in send order (re-sent in that order). */
    private final Map<Integer, PendingPublish> inFlight = new LinkedHashMap<>();
    /** Accepted publishes waiting for a connection, a free Receive Maximum slot or a packet identifier. */
    private final ArrayDeque<PendingPublish> waiting = new ArrayDeque<>();
    private final Map<Integer, Transaction> transactions = new HashMap<>();
    private final Set<Integer> receivedQos2 = new HashSet<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private Channel channel;
    private long brokerMaxPacketSize = Long.MAX_VALUE;
    private QoS brokerMaxQos = QoS.EXACTLY_ONCE;
    private boolean retainAvailable = true;
    private boolean pingOutstanding;
    private Disconnect brokerDisconnect;
    /** Set by failAll: the session is over, new work fails at once. */
    private ClientFailure closedWith;

    /** A SUBSCRIBE or UNSUBSCRIBE awaiting its acknowledgement. */
    private record Transaction(Packet request, CompletableFuture<Packet> future) {
    }

    ClientSession(ClientSettings settings, ClientListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.outAliases = new OutboundTopicAliases(settings.topicAliases());
        this.inAliases = new InboundTopicAliases(settings.version().isV5() ? settings.topicAliasMaximum() : 0);
    }

    boolean isConnected() {
        return channel != null;
    }

    /** The DISCONNECT the broker sent on the current connection, or null. */
    Disconnect brokerDisconnect() {
        return brokerDisconnect;
    }

    /**
     * A connection was accepted: adopt the broker's limits, restore subscriptions when the broker has
     * no session, re-send what is unacknowledged, then send what waited.
     *
     * @return completes when the subscriptions are restored (the SUBACK arrived), at once when there
     *         was nothing to restore; fails if the connection is lost first
     */
    CompletableFuture<?> attach(Channel newChannel, ConnAck connAck) {
        channel = newChannel;
        brokerDisconnect = null;
        pingOutstanding = false;
        Properties p = connAck.properties();
        // 3.1.1 has no Receive Maximum: the configured limit stands in for it (brokers do have one).
        window.resize((int) Math.min(settings.maxInFlight(), p.getInt(PropertyId.RECEIVE_MAXIMUM, 0xFFFF)));
        brokerMaxPacketSize = p.getInt(PropertyId.MAXIMUM_PACKET_SIZE, Long.MAX_VALUE);
        brokerMaxQos = QoS.of((int) p.getInt(PropertyId.MAXIMUM_QOS, 2));
        retainAvailable = p.getInt(PropertyId.RETAIN_AVAILABLE, 1) == 1;
        outAliases.reset((int) p.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0));
        inAliases.clear();
        if (outAliases.configuredCount() > 0 && p.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0) < outAliases.configuredCount()) {
            LOG.warn("The broker allows {} topic alias(es), fewer than the {} configured; the rest are sent in full.",
                    p.getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0), outAliases.configuredCount());
        }
        boolean sessionPresent = connAck.sessionPresent();
        CompletableFuture<?> restored = CompletableFuture.completedFuture(null);
        if (!sessionPresent) {
            receivedQos2.clear();
            if (!subscriptions.isEmpty()) {
                restored = resubscribe();
            }
        }
        resendInFlight(sessionPresent);
        drainWaiting();
        return restored;
    }

    /** The connection is gone: acknowledgements for SUBSCRIBE/UNSUBSCRIBE will not come. */
    void detach(ClientFailure failure) {
        channel = null;
        for (Transaction t : transactions.values()) {
            ids.release(packetIdOf(t.request()));
            t.future().completeExceptionally(failure);
        }
        transactions.clear();
    }

    /** Ends the session: every pending operation fails with the given failure. */
    void failAll(ClientFailure failure) {
        closedWith = failure;
        detach(failure);
        for (PendingPublish p : inFlight.values()) {
            p.fail(failure);
        }
        inFlight.clear();
        for (PendingPublish p : waiting) {
            p.fail(failure);
        }
        waiting.clear();
    }

    void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    // ---- outgoing ----

    void submit(PendingPublish p) {
        if (closedWith != null) {
            p.fail(closedWith);
            return;
        }
        if (channel != null && waiting.isEmpty() && trySend(p)) {
            return;
        }
        waiting.add(p);
    }

    /** Sends now if allowed; returns false when the message must wait. */
    private boolean trySend(PendingPublish p) {
        Publish publish = p.publish;
        ClientFailure refusal = refusal(publish);
        if (refusal != null) {
            p.fail(refusal);
            return true;
        }
        if (publish.qos() == QoS.AT_MOST_ONCE) {
            channel.write(outgoing(publish)).addListener(f -> {
                if (f.isSuccess()) {
                    p.future.complete(ReasonCode.SUCCESS);
                } else {
                    p.fail(new ClientFailure(Kind.CONNECTION_LOST, null,
                            "Connection lost before the QoS 0 message was written", f.cause()));
                }
            });
            return true;
        }
        if (!window.tryAcquire()) {
            return false;
        }
        int id = ids.allocate();
        if (id < 0) {
            window.release();
            return false;
        }
        p.packetId = id;
        inFlight.put(id, p);
        write(outgoing(publish.withPacketId(publish.qos(), id)));
        return true;
    }

    /** Why the broker cannot take this message, as it announced in its CONNACK, or null. */
    private ClientFailure refusal(Publish publish) {
        ReasonCode code = null;
        String why = null;
        if (publish.qos().value() > brokerMaxQos.value()) {
            code = ReasonCode.QOS_NOT_SUPPORTED; // [MQTT-3.2.2-11] never above the broker's Maximum QoS
            why = "The broker supports QoS up to " + brokerMaxQos.value() + ", not " + publish.qos().value();
        } else if (publish.retain() && !retainAvailable) {
            code = ReasonCode.RETAIN_NOT_SUPPORTED; // [MQTT-3.2.2-14] no retained messages when unavailable
            why = "The broker does not support retained messages";
        } else if (brokerMaxPacketSize != Long.MAX_VALUE
                && PacketEncoder.encodedSize(settings.version(), publish.withPacketId(publish.qos(),
                        publish.qos() == QoS.AT_MOST_ONCE ? 0 : 1)) > brokerMaxPacketSize) {
            code = ReasonCode.PACKET_TOO_LARGE; // [MQTT-3.2.2-15] nothing larger than the broker's Maximum Packet Size
            why = "The message is larger than the broker's Maximum Packet Size of " + brokerMaxPacketSize + " bytes";
        }
        return code == null ? null : new ClientFailure(Kind.PUBLISH_FAILED, code, why);
    }

    private Publish outgoing(Publish publish) {
        int alias = outAliases.aliasFor(publish.topic());
        if (alias == 0) {
            return publish;
        }
        Publish withAlias = publish.withProperties(publish.properties().with(PropertyId.TOPIC_ALIAS, alias));
        if (outAliases.isRegistered(alias)) {
            return withAlias.withTopic("");
        }
        outAliases.markRegistered(alias);
        return withAlias;
    }

    private void drainWaiting() {
        while (channel != null && !waiting.isEmpty()) {
            if (!trySend(waiting.peek())) {
                return;
            }
            waiting.poll();
        }
    }

    private void resendInFlight(boolean sessionPresent) {
        for (Iterator<PendingPublish> it = inFlight.values().iterator(); it.hasNext(); ) {
            PendingPublish p = it.next();
            if (p.released) {
                if (sessionPresent) {
                    write(new PubRel(p.packetId)); // [MQTT-4.4.0-1] re-send unacknowledged PUBREL
                } else {
                    // A new session: the broker had the message when it sent PUBREC; the exchange is over.
                    it.remove();
                    complete(p, p.recReason);
                }
            } else {
                // [MQTT-4.4.0-1] re-send with the original identifier; [MQTT-3.3.1-1] DUP set on re-delivery
                write(outgoing(p.publish.withPacketId(p.publish.qos(), p.packetId).withDup(true)));
            }
        }
    }

    private void complete(PendingPublish p, ReasonCode reason) {
        ids.release(p.packetId);
        window.release();
        if (reason.isError()) {
            p.fail(new ClientFailure(Kind.PUBLISH_FAILED, reason,
                    "The broker refused the message on '" + p.publish.topic() + "': " + reason));
        } else {
            p.future.complete(reason);
        }
    }

    void subscribe(List<Subscription> subs, CompletableFuture<Packet> future) {
        int id = allocateForTransaction(future);
        if (id > 0) {
            Subscribe request = new Subscribe(id, subs, Properties.EMPTY);
            transactions.put(id, new Transaction(request, future));
            write(request);
        }
    }

    void unsubscribe(List<String> filters, CompletableFuture<Packet> future) {
        int id = allocateForTransaction(future);
        if (id > 0) {
            Unsubscribe request = new Unsubscribe(id, filters, Properties.EMPTY);
            transactions.put(id, new Transaction(request, future));
            write(request);
        }
    }

    private int allocateForTransaction(CompletableFuture<Packet> future) {
        if (channel == null) {
            future.completeExceptionally(new ClientFailure(Kind.CONNECTION_LOST, null, "Not connected to the broker"));
            return -1;
        }
        int id = ids.allocate();
        if (id < 0) {
            future.completeExceptionally(new ClientFailure(Kind.TIMEOUT, null, "All 65535 packet identifiers are in use"));
        }
        return id;
    }

    private CompletableFuture<Packet> resubscribe() {
        List<Subscription> all = new ArrayList<>(subscriptions.values());
        CompletableFuture<Packet> future = new CompletableFuture<>();
        future.whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warn("Restoring subscriptions after reconnect failed: {}", error.getMessage());
            }
        });
        subscribe(all, future);
        return future;
    }

    // ---- incoming ----

    void onPacket(Packet packet) {
        switch (packet.type()) {
            case PUBLISH -> onPublish((Publish) packet);
            case PUBACK -> onPubAck((PubAck) packet);
            case PUBREC -> onPubRec((PubRec) packet);
            case PUBREL -> onPubRel((PubRel) packet);
            case PUBCOMP -> onPubComp((PubComp) packet);
            case SUBACK -> onSubAck((SubAck) packet);
            case UNSUBACK -> onUnsubAck((UnsubAck) packet);
            case PINGRESP -> pingOutstanding = false;
            case DISCONNECT -> brokerDisconnect = (Disconnect) packet;
            default -> protocolError(ReasonCode.PROTOCOL_ERROR, "unexpected " + packet.type() + " from the broker");
        }
    }

    private void onPublish(Publish publish) {
        Properties props = publish.properties();
        boolean hasAlias = props.has(PropertyId.TOPIC_ALIAS);
        int alias = hasAlias ? (int) props.getInt(PropertyId.TOPIC_ALIAS, 0) : InboundTopicAliases.NONE;
        String topic = inAliases.resolve(publish.topic(), alias);
        if (topic == null) {
            protocolError(ReasonCode.TOPIC_ALIAS_INVALID, "invalid topic alias " + alias + " from the broker");
            return;
        }
        Publish resolved = hasAlias ? publish.withTopic(topic).withProperties(props.without(PropertyId.TOPIC_ALIAS)) : publish;
        switch (publish.qos()) {
            case AT_MOST_ONCE -> deliver(resolved);
            case AT_LEAST_ONCE -> {
                deliver(resolved);
                write(new PubAck(publish.packetId()));
            }
            case EXACTLY_ONCE -> {
                // Deliver on the first PUBLISH, remember the identifier until PUBREL so a re-sent one is not delivered twice.
                if (receivedQos2.add(publish.packetId())) {
                    deliver(resolved);
                }
                write(new PubRec(publish.packetId()));
            }
        }
    }

    private void deliver(Publish publish) {
        if (!listener.onPublish(publish)) {
            channel.config().setAutoRead(false);
        }
    }

    private void onPubRel(PubRel pubRel) {
        boolean known = receivedQos2.remove(pubRel.packetId());
        ReasonCode code = known || !settings.version().isV5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        write(new PubComp(pubRel.packetId(), code, Properties.EMPTY));
    }

    private void onPubAck(PubAck ack) {
        PendingPublish p = inFlight.get(ack.packetId());
        if (p == null || p.publish.qos() != QoS.AT_LEAST_ONCE) {
            LOG.debug("Ignoring PUBACK for unknown packet identifier {}", ack.packetId());
            return;
        }
        inFlight.remove(ack.packetId());
        complete(p, ack.reasonCode());
        drainWaiting();
    }

    private void onPubRec(PubRec rec) {
        PendingPublish p = inFlight.get(rec.packetId());
        if (p == null || p.publish.qos() != QoS.EXACTLY_ONCE) {
            ReasonCode code = settings.version().isV5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS;
            write(new PubRel(rec.packetId(), code, Properties.EMPTY));
            return;
        }
        if (rec.reasonCode().isError()) {
            // An error PUBREC ends the exchange: no PUBREL follows.
            inFlight.remove(rec.packetId());
            complete(p, rec.reasonCode());
            drainWaiting();
            return;
        }
        p.released = true;
        p.recReason = rec.reasonCode();
        write(new PubRel(rec.packetId()));
    }

    private void onPubComp(PubComp comp) {
        PendingPublish p = inFlight.get(comp.packetId());
        if (p == null || !p.released) {
            LOG.debug("Ignoring PUBCOMP for unknown packet identifier {}", comp.packetId());
            return;
        }
        inFlight.remove(comp.packetId());
        complete(p, p.recReason);
        drainWaiting();
    }

    private void onSubAck(SubAck ack) {
        Transaction t = transactions.remove(ack.packetId());
        if (t == null || !(t.request() instanceof Subscribe request)) {
            LOG.debug("Ignoring SUBACK for unknown packet identifier {}", ack.packetId());
            return;
        }
        ids.release(ack.packetId());
        List<Subscription> subs = request.subscriptions();
        for (int i = 0; i < subs.size() && i < ack.reasonCodes().size(); i++) {
            if (!ack.reasonCodes().get(i).isError()) {
                subscriptions.put(subs.get(i).topicFilter(), subs.get(i));
            }
        }
        t.future().complete(ack);
    }

    private void onUnsubAck(UnsubAck ack) {
        Transaction t = transactions.remove(ack.packetId());
        if (t == null || !(t.request() instanceof Unsubscribe request)) {
            LOG.debug("Ignoring UNSUBACK for unknown packet identifier {}", ack.packetId());
            return;
        }
        ids.release(ack.packetId());
        request.topicFilters().forEach(subscriptions::remove);
        t.future().complete(ack);
    }

    // ---- keep alive and errors ----

    /** Nothing was sent for a keep-alive period: ping, and give up on the connection if no PINGRESP comes. */
    void onWriterIdle() {
        if (channel == null) {
            return;
        }
        Channel ch = channel;
        pingOutstanding = true;
        ch.writeAndFlush(PingReq.INSTANCE);
        ch.eventLoop().schedule(() -> {
            if (pingOutstanding && ch == channel) {
                LOG.debug("No PINGRESP within {}; closing the connection", settings.responseTimeout());
                ch.close();
            }
        }, settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The broker broke the protocol: tell it why (MQTT 5) and close. */
    void protocolError(ReasonCode reason, String why) {
        LOG.warn("Closing the connection: {}", why);
        if (channel == null) {
            return;
        }
        if (settings.version().isV5()) {
            channel.writeAndFlush(new Disconnect(reason));
        }
        channel.close();
    }

    /** Writes without flushing; a packet that cannot be encoded or sent ends the connection, visibly. */
    private void write(Packet packet) {
        channel.write(packet).addListener(CLOSE_ON_FAILURE);
    }

    private static final ChannelFutureListener CLOSE_ON_FAILURE = f -> {
        if (!f.isSuccess() && f.channel().isActive()) {
            LOG.warn("Writing to the broker failed; closing the connection", f.cause());
            f.channel().close();
        }
    };

    private static int packetIdOf(Packet request) {
        return request instanceof Subscribe s ? s.packetId() : ((Unsubscribe) request).packetId();
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
