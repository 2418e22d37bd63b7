package io.mqttools.broker.session;

import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Route;
import io.mqttools.broker.routing.Router;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Will;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The delivery path: a published message goes to the retained store (if RETAIN), the router picks the
 * sessions, and each gets a {@link Delivery} in its queue; the sessions' own connections send them.
 * Thread-safe and lock-free: called on the publishing connection's event loop.
 */
public final class MessageDistributor implements WillPublisher {
    /** The publisher's side of a hand-off, called on the publisher's thread. */
    public interface Backpressure {
        /** A session's queue is over its bound: the publisher should pause. */
        void sessionFull(Session session);

        /** Where to collect the wake-ups of this publisher's batch, or null to wake owners at once. */
        default WakeBatch wakes() {
            return null;
        }
    }

    private final Router router;
    private final RetainedStore retained;
    private final SessionStore sessions;
    private final DeliveryMetrics metrics;
    private final Predicate<String> available;
    private final Durability durability;

    public MessageDistributor(Router router, RetainedStore retained, SessionStore sessions, DeliveryMetrics metrics) {
        this(router, retained, sessions, metrics, Durability.NONE);
    }

    /** @param durability where durable sessions' queued messages are written before they are queued */
    public MessageDistributor(Router router, RetainedStore retained, SessionStore sessions, DeliveryMetrics metrics,
                              Durability durability) {
        this.durability = durability;
        this.router = router;
        this.retained = retained;
        this.sessions = sessions;
        this.metrics = metrics;
        this.available = clientId -> {
            Session s = sessions.get(clientId);
            return s != null && s.owner() != null && !s.isFull();
        };
    }

    /**
     * Publishes a message.
     *
     * @param message     topic resolved, without Topic Alias or Subscription Identifier properties
     * @param publisherId the publishing client (for No Local), or null for the broker itself
     * @param backpressure told about every full session, or null to ignore (wills)
     * @return how many sessions it was queued for
     */
    public int publish(Publish message, String publisherId, Backpressure backpressure) {
        if (message.retain()) {
            retained.put(message); // [MQTT-3.3.1-5] store (or, if empty, delete [MQTT-3.3.1-6])
        }
        List<Route> routes = router.route(message.topic(), publisherId, available);
        if (routes.isEmpty()) {
            return 0;
        }
        long expiresAt = expiresAt(message);
        int queued = 0;
        // The deliveries of routes without identifiers, share name or kept RETAIN flag are alike but for their
        // QoS: one immutable instance per QoS serves them all, so a message fanned out to many queues costs
        // each a slot, not a Delivery (48 B each; a fan-out blast queues hundreds of thousands).
        Delivery atMostOnce = null;
        Delivery atLeastOnce = null;
        Delivery exactlyOnce = null;
        for (int i = 0, n = routes.size(); i < n; i++) {
            Route route = routes.get(i);
            Session session = sessions.get(route.clientId());
            if (session == null) {
                continue;
            }
            // [MQTT-3.3.1-12] RETAIN cleared unless Retain As Published; [MQTT-3.8.4-8] QoS the minimum
            QoS qos = QoS.min(message.qos(), route.qos());
            boolean retain = route.retainAsPublished() && message.retain();
            Delivery delivery;
            if (retain || route.shareName() != null || !route.subscriptionIdentifiers().isEmpty()) {
                delivery = new Delivery(message, qos, retain, route.subscriptionIdentifiers(), expiresAt,
                        route.shareName());
            } else {
                delivery = switch (qos) {
                    case AT_MOST_ONCE -> atMostOnce != null ? atMostOnce
                            : (atMostOnce = new Delivery(message, qos, false, List.of(), expiresAt));
                    case AT_LEAST_ONCE -> atLeastOnce != null ? atLeastOnce
                            : (atLeastOnce = new Delivery(message, qos, false, List.of(), expiresAt));
                    case EXACTLY_ONCE -> exactlyOnce != null ? exactlyOnce
                            : (exactlyOnce = new Delivery(message, qos, false, List.of(), expiresAt));
                };
            }
            // a QoS 0 publisher is paused by stopping its reads, and a client that reads and writes on one
            // thread would then deadlock on its own subscription: its own full queue drops instead
            boolean own = delivery.qos() == QoS.AT_MOST_ONCE && route.clientId().equals(publisherId);
            offer(session, delivery, own ? null : backpressure);
            queued++;
        }
        return queued;
    }

    /**
     * Queues one delivery for one session (retained messages on subscribe come this way too). A durable
     * session's delivery is written to its journal now and queued once that write is durable (this
     * thread's next commit, before it flushes its acknowledgements), so that its owner never sends, or
     * deletes, a message the store does not have yet.
     */
    public void offer(Session session, Delivery delivery, Backpressure backpressure) {
        SessionJournal journal = session.journal();
        if (journal.durable()) {
            Delivery stored = journal.queued(delivery);
            durability.afterCommit(() -> deliver(session, stored, backpressure));
            return;
        }
        deliver(session, delivery, backpressure);
    }

    private void deliver(Session session, Delivery delivery, Backpressure backpressure) {
        switch (session.offer(delivery, backpressure == null ? null : backpressure.wakes())) {
            case DROPPED -> metrics.queueFullDrop();
            case FULL -> {
                if (backpressure != null) {
                    backpressure.sessionFull(session);
                }
            }
            case ACCEPTED -> {
            }
        }
    }

    @Override
    public void publishWill(String clientId, Will will) {
        // Packet id 1 only satisfies the record for QoS > 0: a delivery gets its own id when sent.
        Publish message = new Publish(will.topic(), will.qos(), will.retain(), false,
                will.qos() == QoS.AT_MOST_ONCE ? 0 : 1, will.payload(),
                will.properties().without(PropertyId.WILL_DELAY_INTERVAL));
        publish(message, clientId, null);
    }

    /**
     * Re-sends to another member of the same group what an ended session had from shared subscriptions
     * and had not finished receiving: queued messages, and QoS 1 messages sent but not acknowledged (4.8.2:
     * the server should send them to another member). A QoS 2 message whose delivery had started is not
     * sent to anyone else (4.8.2: it must not be delivered twice). Called once the session
     * has no owner and no subscriptions, so it is not chosen again.
     */
    @Override
    public void sessionEnded(Session ended) {
        ended.collectInbox();
        List<Delivery> orphans = new ArrayList<>();
        for (OutboundMessage m : ended.inflight().values()) {
            if (m.delivery().shareName() != null && m.delivery().qos() == QoS.AT_LEAST_ONCE) {
                orphans.add(m.delivery());
            }
        }
        for (Delivery d : ended.pending()) {
            if (d.shareName() != null) {
                orphans.add(d);
            }
        }
        for (Delivery d : orphans) {
            Publish message = d.message();
            for (Route route : router.route(message.topic(), null, available)) {
                Session session = sessions.get(route.clientId());
                if (d.shareName().equals(route.shareName()) && session != null && session != ended) {
                    metrics.sharedRedelivery(); // counted first: whoever sees the delivery sees it counted
                    offer(session, new Delivery(message, QoS.min(message.qos(), route.qos()),
                            route.retainAsPublished() && message.retain(), route.subscriptionIdentifiers(),
                            d.expiresAtMillis(), route.shareName()), null);
                    break;
                }
            }
        }
    }

    /** The wall-clock deadline of a message with a Message Expiry Interval, or 0 for none. */
    public static long expiresAt(Publish message) {
        long seconds = message.properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1);
        return seconds < 0 ? 0 : System.currentTimeMillis() + seconds * 1000;
    }
}
