package io.mqttools.broker.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in a concurrent hash map: lost when the broker stops. Thread-safe. */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    @Override
    public void put(Session session) {
        sessions.put(session.clientId(), session);
    }

    @Override
    public boolean remove(Session session) {
        return sessions.remove(session.clientId(), session);
    }

    @Override
    public Collection<Session> all() {
        return List.copyOf(sessions.values());
    }

    @Override
    public int size() {
        return sessions.size();
    }
}
