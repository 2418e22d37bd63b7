package io.mqttools.broker.session;

import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.protocol.packet.Will;

/**
 * Hears of every durable change to one session, so that a disk store can write it: the registry calls
 * the lifecycle methods under its monitor, the publisher's thread calls {@link #queued}, the owner's
 * thread the rest. Writes go into the calling thread's pending batch, which {@link Durability#commit()}
 * makes durable before that thread flushes anything to a socket. {@link #NONE}, for sessions that end
 * with their connection and for the in-memory broker, does nothing.
 */
public interface SessionJournal {
    /** Keeps nothing: every method does nothing. */
    SessionJournal NONE = new SessionJournal() {
    };

    /** True when the session is written to disk. */
    default boolean durable() {
        return false;
    }

    /**
     * The session exists with this expiry interval.
     *
     * @param disconnectedAtMillis wall-clock time it was disconnected (so that expiry keeps counting
     *                             across a restart), or 0 while it is connected
     */
    default void saved(long expiryInterval, long disconnectedAtMillis) {
    }

    /** The session ended: everything it had goes. */
    default void removed() {
    }

    /** A will waits out its delay until {@code dueAtMillis} (wall clock). */
    default void willPending(Will will, long dueAtMillis) {
    }

    /** The pending will was published or cancelled. */
    default void willGone() {
    }

    default void subscribed(ClientSubscription subscription) {
    }

    default void unsubscribed(String topicFilter) {
    }

    /**
     * A message is queued for the session (any thread). Returns the delivery to queue: a QoS 1/2 one
     * carries the {@link Delivery#journalId()} it was written under.
     */
    default Delivery queued(Delivery delivery) {
        return delivery;
    }

    /** A stored delivery was sent with a packet id and waits for its acknowledgement. */
    default void sent(OutboundMessage message) {
    }

    /** PUBREC arrived and PUBREL was sent (QoS 2). */
    default void released(OutboundMessage message) {
    }

    /** The delivery is done: acknowledged (PUBACK, PUBCOMP, an error PUBREC) or discarded unsent. */
    default void completed(Delivery delivery, int packetId) {
    }

    /** A QoS 2 PUBLISH from the client was accepted: its id is remembered until PUBREL. */
    default void receivedQos2(int packetId) {
    }

    /** PUBREL for a remembered QoS 2 id arrived. */
    default void releasedQos2(int packetId) {
    }
}
