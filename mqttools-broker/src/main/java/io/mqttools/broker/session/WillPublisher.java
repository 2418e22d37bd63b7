package io.mqttools.broker.session;

import io.mqttools.protocol.packet.Will;

/**
 * What the session registry hands back to the delivery path: a client's will, published as if the
 * client had published it, and the messages of a session that ended. Thread-safe.
 */
public interface WillPublisher {
    void publishWill(String clientId, Will will);

    /**
     * A session has ended and its subscriptions are gone: messages it got through shared subscriptions
     * and never finished receiving may go to other members of their groups. Nothing by default.
     */
    default void sessionEnded(Session session) {
    }
}
