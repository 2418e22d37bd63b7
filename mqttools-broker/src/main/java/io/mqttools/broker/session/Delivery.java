package io.mqttools.broker.session;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.List;
import java.util.Objects;

/**
 * One message on its way to one session: plain data, so that a disk-backed {@link SessionStore} can
 * write it as it is.
 *
 * @param message                 the message as published (topic resolved, no Topic Alias, no Subscription Identifiers)
 * @param qos                     the QoS to deliver at: the minimum of the message's and the subscription's
 * @param retain                  the RETAIN flag to send
 * @param subscriptionIdentifiers identifiers of the matching subscriptions, to send with it
 * @param expiresAtMillis         wall-clock time (epoch ms) after which it must not be sent, or 0 for never
 * @param shareName               the shared subscription group it was chosen for, or null (so that it can
 *                                go to another member if this session ends before it is delivered)
 * @param journalId               the key a durable session's store wrote it under, or 0 when it is not stored
 */
public record Delivery(Publish message, QoS qos, boolean retain, List<Integer> subscriptionIdentifiers,
                       long expiresAtMillis, String shareName, long journalId) {
    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(qos, "qos");
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }

    /** A delivery not (yet) stored. */
    public Delivery(Publish message, QoS qos, boolean retain, List<Integer> subscriptionIdentifiers,
                    long expiresAtMillis, String shareName) {
        this(message, qos, retain, subscriptionIdentifiers, expiresAtMillis, shareName, 0);
    }

    /** A delivery for a non-shared subscription. */
    public Delivery(Publish message, QoS qos, boolean retain, List<Integer> subscriptionIdentifiers,
                    long expiresAtMillis) {
        this(message, qos, retain, subscriptionIdentifiers, expiresAtMillis, null);
    }

    /** The same delivery, stored under {@code id}. */
    public Delivery withJournalId(long id) {
        return new Delivery(message, qos, retain, subscriptionIdentifiers, expiresAtMillis, shareName, id);
    }
}
