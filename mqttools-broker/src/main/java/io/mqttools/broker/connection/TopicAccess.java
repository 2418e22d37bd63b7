package io.mqttools.broker.connection;

import io.mqttools.broker.security.Authorizer;
import java.util.HashMap;

/**
 * The authorizer's answers for one connection, cached per topic: may it publish to a topic, may a
 * message on a topic be delivered to it (mosquitto asks for every message it sends). The authorizer is
 * asked once per topic until its rules change ({@link Authorizer#generation()}), so the checks on the
 * delivery path and on every PUBLISH cost a hash-map lookup. Not made at all when the broker allows
 * everything. Confined to the event loop.
 */
final class TopicAccess {
    /** Beyond this many topics a cache starts again, so that a client on endless topics costs bounded memory. */
    private static final int MAX_CACHED = 4_096;

    private final Authorizer authorizer;
    private final String clientId;
    private final String username;
    private final HashMap<String, Boolean> reads = new HashMap<>();
    private final HashMap<String, Boolean> writes = new HashMap<>();
    private long generation;

    private TopicAccess(Authorizer authorizer, String clientId, String username) {
        this.authorizer = authorizer;
        this.clientId = clientId;
        this.username = username;
        this.generation = authorizer.generation();
    }

    /** The checks for a connection, or null when everything is allowed (no check is made then). */
    static TopicAccess of(Authorizer authorizer, String clientId, String username) {
        return authorizer == Authorizer.ALLOW_ALL ? null : new TopicAccess(authorizer, clientId, username);
    }

    /** Whether a message on topic name {@code topic} may be sent to this client. */
    boolean canRead(String topic) {
        forgetIfChanged();
        Boolean known = reads.get(topic);
        if (known == null) {
            known = authorizer.canRead(clientId, username, topic);
            remember(reads, topic, known);
        }
        return known;
    }

    /** Whether this client may publish to topic name {@code topic}. */
    boolean canWrite(String topic) {
        forgetIfChanged();
        Boolean known = writes.get(topic);
        if (known == null) {
            known = authorizer.canPublish(clientId, username, topic);
            remember(writes, topic, known);
        }
        return known;
    }

    /** Whether this client may subscribe to {@code filter} (without share prefix); not cached, SUBSCRIBEs are rare. */
    boolean canSubscribe(String filter) {
        return authorizer.canSubscribe(clientId, username, filter);
    }

    private void forgetIfChanged() {
        long now = authorizer.generation();
        if (now != generation) {
            reads.clear();
            writes.clear();
            generation = now;
        }
    }

    private static void remember(HashMap<String, Boolean> cache, String topic, Boolean answer) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(topic, answer);
    }
}
