package io.mqttools.broker.session;

import java.util.Collection;

/**
 * Where sessions live between connections. Thread-safe. The in-memory store keeps the live objects; a
 * disk-backed store (broker.persistence) will also write each session's data — its {@link Delivery}
 * queue, {@link OutboundMessage}s in flight, QoS 2 ids awaiting release; subscriptions come from the
 * router — so that it survives a restart.
 */
public interface SessionStore {
    /** The session of this client, or null. */
    Session get(String clientId);

    /** Stores the session, replacing any other of the same client. */
    void put(Session session);

    /** Removes the session if it is still the one stored for its client; true if it was. */
    boolean remove(Session session);

    /** Every stored session (a snapshot, in no order). */
    Collection<Session> all();

    int size();
}
