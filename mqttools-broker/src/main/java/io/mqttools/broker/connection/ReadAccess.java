package io.mqttools.broker.connection;

import io.mqttools.broker.security.Authorizer;
import java.util.HashMap;

/**
 * The per-delivery read check of one connection (mosquitto asks for every message it sends), with the
 * answers cached per topic: the authorizer is asked once per topic until its rules change. Not made at
 * all when the broker allows everything. Confined to the event loop.
 */
final class ReadAccess {
    /** Beyond this many topics the cache starts again, so that a client on endless topics costs bounded memory. */
    private static final int MAX_CACHED = 4_096;

    private final Authorizer authorizer;
    private final String clientId;
    private final String username;
    private final HashMap<String, Boolean> answers = new HashMap<>();
    private long generation;

    ReadAccess(Authorizer authorizer, String clientId, String username) {
        this.authorizer = authorizer;
        this.clientId = clientId;
        this.username = username;
        this.generation = authorizer.generation();
    }

    /** A checker for the connection, or null when everything may be read. */
    static ReadAccess of(Authorizer authorizer, String clientId, String username) {
        return authorizer == Authorizer.ALLOW_ALL ? null : new ReadAccess(authorizer, clientId, username);
    }

    boolean allowed(String topic) {
        long now = authorizer.generation();
        if (now != generation || answers.size() >= MAX_CACHED) {
            answers.clear();
            generation = now;
        }
        Boolean known = answers.get(topic);
        if (known == null) {
            known = authorizer.canRead(clientId, username, topic);
            answers.put(topic, known);
        }
        return known;
    }
}
