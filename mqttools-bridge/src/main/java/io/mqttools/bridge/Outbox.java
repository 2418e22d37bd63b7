package io.mqttools.bridge;

import io.mqttools.broker.config.BridgeConfig;
import io.mqttools.broker.config.BridgeTopic;
import io.mqttools.broker.local.LocalClient;
import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.client.ConnectionLostException;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing direction: local messages of the bridge's {@code out}/{@code both} topics, remapped and
 * published to the remote broker. A QoS 1/2 message counts as handled (so the local session lets the next
 * one through) only once the remote broker has acknowledged it; while the remote broker is unreachable
 * they are held here (up to the local in-flight window, the rest wait in the bridge's local session queue)
 * and sent on the next connection. QoS 0 messages are dropped while it is unreachable, as mosquitto does.
 *
 * <p>Confined to the local client's thread ({@link #loop}); the connection thread hands it the remote
 * client with {@link #connected} and {@link #disconnected}.
 */
final class Outbox implements LocalClient.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** QoS 0 messages handed to the remote client and not yet written, beyond which more are dropped. */
    static final int MAX_QOS0_OUTSTANDING = 1000;
    /** QoS 1/2 messages handed to the remote client and not yet acknowledged; the rest are held in order. */
    static final int MAX_IN_FLIGHT = 256;

    /** @param seq the order it arrived in, kept when failed sends are held again */
    private record Held(long seq, Message message, CompletableFuture<Void> done) {
    }

    private final BridgeConfig config;
    private final Executor loop;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private Client remote;
    private int inFlight;
    private int qos0Outstanding;
    private long dropped;
    private long nextSeq;

    Outbox(BridgeConfig config, Executor loop) {
        this.config = config;
        this.loop = loop;
    }

    @Override
    public CompletionStage<?> onMessage(Publish p) {
        String topic = remoteTopic(p.topic());
        if (topic == null) {
            return null;
        }
        Message m = Messages.toRemote(p, topic, p.retain() && config.outgoingRetain());
        if (p.qos() == QoS.AT_MOST_ONCE) {
            Client c = remote;
            if (c == null || qos0Outstanding >= MAX_QOS0_OUTSTANDING) {
                if (dropped++ == 0 && c != null) { // once per episode; the count comes with the next connection
                    LOG.warn("bridge {}: the remote broker does not keep up, QoS 0 messages are being dropped",
                            config.name());
                }
                return null;
            }
            qos0Outstanding++;
            c.publish(m).whenComplete((code, failure) -> loop.execute(() -> qos0Outstanding--));
            return null;
        }
        Held h = new Held(nextSeq++, m, new CompletableFuture<>());
        send(h);
        return h.done;
    }

    /** The remote topic of a local message: the first {@code out}/{@code both} topic line that covers it. */
    private String remoteTopic(String localTopic) {
        for (BridgeTopic t : config.topics()) {
            if (t.direction().out()) {
                String remoteTopic = t.toRemote(localTopic);
                if (remoteTopic != null) {
                    return remoteTopic;
                }
            }
        }
        return null;
    }

    /** Hands a message to the remote client, or holds it (disconnected, or too many in flight), in order. */
    private void send(Held h) {
        Client c = remote;
        if (c == null || inFlight >= MAX_IN_FLIGHT || !held.isEmpty()) {
            held.add(h);
            return;
        }
        publish(c, h);
    }

    private void publish(Client c, Held h) {
        inFlight++;
        c.publish(h.message).whenComplete((code, failure) -> loop.execute(() -> {
            inFlight--;
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause == null) {
                h.done.complete(null);
            } else if (cause instanceof ConnectionLostException) {
                // the connection failed: held again, in order, for the next one (which the connection thread makes)
                if (remote == c) {
                    remote = null;
                }
                held.add(h);
            } else {
                // the remote broker answered with an error (not authorised, say): it will not take it later either
                LOG.warn("bridge {}: the remote broker refused a message to {}: {}", config.name(),
                        h.message.topic(), cause.getMessage());
                h.done.complete(null);
            }
            sendHeld();
        }));
    }

    /** Sends held messages while connected and the in-flight bound allows. */
    private void sendHeld() {
        Client c = remote;
        while (c != null && inFlight < MAX_IN_FLIGHT && !held.isEmpty()) {
            publish(c, held.poll());
        }
    }

    /** The remote broker is connected: send what was held, in order. */
    void connected(Client c) {
        remote = c;
        if (held.size() > 1) { // messages whose send failed went back at the end: the original order again
            Held[] ordered = held.toArray(Held[]::new);
            java.util.Arrays.sort(ordered, java.util.Comparator.comparingLong(Held::seq));
            held.clear();
            held.addAll(java.util.List.of(ordered));
        }
        sendHeld();
        if (dropped > 0) {
            LOG.info("bridge {}: {} QoS 0 messages were dropped while the remote broker was unreachable or slow",
                    config.name(), dropped);
            dropped = 0;
        }
    }

    void disconnected(Client c) {
        if (remote == c) {
            remote = null;
        }
    }

    /** QoS 1/2 messages waiting for a connection, for tests and logs. */
    int heldCount() {
        return held.size();
    }
}
