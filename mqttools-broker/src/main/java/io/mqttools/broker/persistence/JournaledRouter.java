package io.mqttools.broker.persistence;

import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.routing.Route;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.SessionStore;
import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Router} that also tells a durable session's journal of its subscriptions, so that they are
 * restored on start. Routing itself goes straight to the wrapped router. Thread-safe as the router is;
 * subscribe and unsubscribe come from the session owner's thread.
 */
public final class JournaledRouter implements Router {
    private final Router router;
    private final SessionStore sessions;

    public JournaledRouter(Router router, SessionStore sessions) {
        this.router = router;
        this.sessions = sessions;
    }

    @Override
    public boolean subscribe(String clientId, Subscription subscription, int subscriptionIdentifier) {
        boolean existed = router.subscribe(clientId, subscription, subscriptionIdentifier);
        Session session = sessions.get(clientId);
        if (session != null) {
            session.journal().subscribed(new ClientSubscription(subscription, subscriptionIdentifier));
        }
        return existed;
    }

    @Override
    public boolean unsubscribe(String clientId, String topicFilter) {
        boolean existed = router.unsubscribe(clientId, topicFilter);
        Session session = sessions.get(clientId);
        if (existed && session != null) {
            session.journal().unsubscribed(topicFilter);
        }
        return existed;
    }

    /** The session ended: its journal removes every key of it, subscriptions included. */
    @Override
    public void unsubscribeAll(String clientId) {
        router.unsubscribeAll(clientId);
    }

    @Override
    public List<Route> route(String topic, String publisherClientId, Predicate<String> available) {
        return router.route(topic, publisherClientId, available);
    }

    @Override
    public List<ClientSubscription> subscriptions(String clientId) {
        return router.subscriptions(clientId);
    }

    @Override
    public int subscriptionCount() {
        return router.subscriptionCount();
    }
}
