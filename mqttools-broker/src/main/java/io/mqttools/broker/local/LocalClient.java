package io.mqttools.broker.local;

import io.mqttools.broker.session.Delivery;
import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.SessionOwner;
import io.mqttools.broker.session.SessionRegistry;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client inside the broker's process: it has a session like a network client (so No Local, Retain As
 * Published, QoS and the queue bound apply as for any other), but publishes and receives through method
 * calls instead of a socket. Bridges use it; so can anyone who embeds the broker. Password files and ACLs
 * do not apply to it, and it may publish to {@code $SYS} topics.
 *
 * <p>The session is a clean one that ends with {@link #close()}. A network client that connects with the
 * same client id takes it over, which closes this one.
 *
 * <p>Threads: {@link #publish}, {@link #subscribe} and {@link #unsubscribe} may be called from any thread.
 * Messages reach the {@link Receiver} on {@link #executor()}, one of the broker's event loops, in order.
 */
public final class LocalClient implements SessionOwner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalClient.class);

    /** Takes the messages of the client's subscriptions. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * One message, with the QoS and RETAIN flag it is delivered with. Runs on {@link #executor()}; must
         * not block.
         *
         * @return null when the message is handled, else a stage that completes (normally or not) when it is:
         *         until then a QoS 1/2 message counts against the in-flight window, and once that is full the
         *         rest wait in the session's queue (where publishers are slowed down as for any subscriber)
         */
        CompletionStage<?> onMessage(Publish message);
    }

    private final String clientId;
    private final LocalServices services;
    private final Executor loop;
    private final Receiver receiver;
    private final Runnable drainTask = this::drain;
    private volatile Session session;
    private volatile boolean closed;
    /** Confined to {@link #loop}. */
    private int inflight;

    private LocalClient(String clientId, LocalServices services, Executor loop, Receiver receiver) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.services = services;
        this.loop = loop;
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * Starts a client with a new session, taking over one of the same client id. For the broker, which
     * hands out the services; see {@code RunningBroker.localClient}.
     *
     * @param loop the single thread that delivers to the receiver
     */
    public static LocalClient open(String clientId, LocalServices services, Executor loop, Receiver receiver) {
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("a local client needs a client id");
        }
        LocalClient client = new LocalClient(clientId, services, loop, receiver);
        SessionRegistry registry = services.sessions();
        SessionRegistry.Claim claim = registry.claim(clientId, true, 0, client);
        client.session = claim.session();
        CompletableFuture<Boolean> active = new CompletableFuture<>();
        Runnable activate = () -> loop.execute(() -> active.complete(registry.activate(claim, client)));
        if (claim.previousOwner() != null) {
            claim.previousOwner().takeOver(false, activate);
        } else {
            activate.run();
        }
        try {
            if (!active.get(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the session of " + clientId + " was claimed by another client");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting local client " + clientId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot start local client " + clientId + ": " + e, e);
        }
        return client;
    }

    public String clientId() {
        return clientId;
    }

    /** The thread the receiver runs on; work handed to it runs in order with the deliveries. */
    public Executor executor() {
        return loop;
    }

    /** False once closed or taken over by a network client of the same id. */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Publishes as this client: retained if RETAIN is set, delivered to every matching subscription (not to
     * this client's own ones with No Local [MQTT-3.8.3-3]). Once it returns, the message is queued for its
     * subscribers (and, with persistence, on disk for durable sessions), as a network client's PUBLISH is
     * when the broker acknowledges it.
     *
     * @param message a QoS 1/2 message needs a packet id other than 0, whose value does not matter
     * @return how many sessions it was queued for
     * @throws IllegalArgumentException for an invalid topic name
     * @throws IllegalStateException    once closed
     */
    public int publish(Publish message) {
        String problem = TopicName.validate(message.topic());
        if (problem != null) {
            throw new IllegalArgumentException("invalid topic '" + message.topic() + "': " + problem);
        }
        requireOpen();
        int queued = services.distributor().publish(message, clientId, null);
        services.sessions().durability().commit();
        return queued;
    }

    /**
     * Subscribes (replacing a subscription with the same filter); retained messages follow the subscription's
     * Retain Handling. Shared subscriptions are allowed, without No Local.
     *
     * @return true when the client already had a subscription with this filter
     * @throws IllegalArgumentException for an invalid filter, or No Local on a shared one ([MQTT-3.8.3-4])
     */
    public boolean subscribe(Subscription subscription) {
        String problem = TopicFilter.validate(subscription.topicFilter());
        if (problem != null) {
            throw new IllegalArgumentException("invalid topic filter '" + subscription.topicFilter() + "': " + problem);
        }
        requireOpen();
        TopicFilter filter = TopicFilter.parse(subscription.topicFilter());
        boolean existed = services.router().subscribe(clientId, subscription, 0);
        RetainHandling handling = subscription.retainHandling();
        if (!filter.isShared() && (handling == RetainHandling.SEND_ON_SUBSCRIBE
                || handling == RetainHandling.SEND_IF_NEW_SUBSCRIPTION && !existed)) {
            for (Publish m : services.retained().match(filter.filter())) {
                services.distributor().offer(session, new Delivery(m, QoS.min(m.qos(), subscription.maxQos()), true,
                        List.of(), MessageDistributor.expiresAt(m)), null);
            }
        }
        return existed;
    }

    /** Removes the subscription with exactly this filter; true if there was one. */
    public boolean unsubscribe(String topicFilter) {
        requireOpen();
        return services.router().unsubscribe(clientId, topicFilter);
    }

    /**
     * Ends the session: its subscriptions and queued messages go. Idempotent. The session is let go of on
     * the client's own thread (its queue is confined there); this waits for that, up to 10 s, so it must not
     * be called from the receiver.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> released = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                release();
                released.complete(null);
            });
        } catch (RejectedExecutionException stopping) {
            release(); // the broker's threads are gone: nobody else touches the session
            return;
        }
        try {
            released.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("local client {}: the session was not released within 10 s", clientId);
        }
    }

    /** On {@link #loop} (or once it has stopped). */
    private void release() {
        services.sessions().disconnected(session, this, 0, null);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("local client " + clientId + " is closed");
        }
    }

    /** Hands queued messages to the receiver while the in-flight window allows. On {@link #loop}. */
    private void drain() {
        Session s = session;
        if (closed) {
            return;
        }
        s.collectInbox();
        s.trimQos0();
        for (Delivery d; (d = s.peekPending()) != null; ) {
            boolean acknowledged = d.qos() != QoS.AT_MOST_ONCE;
            if (acknowledged && inflight >= services.maxInflight()) {
                return; // the rest waits for the receiver to finish one
            }
            s.takePending();
            Publish message = toPublish(d);
            if (message == null) {
                continue; // [MQTT-3.3.2-5] expired before delivery
            }
            CompletionStage<?> done;
            try {
                done = receiver.onMessage(message);
            } catch (RuntimeException e) {
                LOG.warn("local client {}: the receiver threw on a message to {}", clientId, message.topic(), e);
                done = null;
            }
            if (acknowledged && done != null) {
                inflight++;
                done.whenComplete((result, failure) -> execute(() -> {
                    inflight--;
                    drain();
                }));
            }
        }
    }

    private static Publish toPublish(Delivery d) {
        Publish m = d.message();
        Publish p = new Publish(m.topic(), d.qos(), d.retain(), false, d.qos() == QoS.AT_MOST_ONCE ? 0 : 1,
                m.payload(), m.properties());
        if (d.expiresAtMillis() != 0) {
            long left = d.expiresAtMillis() - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            p = p.withProperties(p.properties().with(PropertyId.MESSAGE_EXPIRY_INTERVAL, (left + 999) / 1000));
        }
        return p;
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the broker is stopping: the message stays queued in the session
        }
    }

    // ---- SessionOwner: called from any thread

    @Override
    public void wake() {
        execute(drainTask);
    }

    @Override
    public void drainNow() {
        drain();
    }

    @Override
    public void takeOver(boolean sessionContinues, Runnable detached) {
        execute(() -> {
            if (!closed) {
                LOG.warn("local client {}: session taken over by a network client with the same client id", clientId);
                closed = true;
                release();
            }
            detached.run();
        });
    }

    @Override
    public String describe() {
        return "local client " + clientId;
    }
}
