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
 */
public record Delivery(Publish message, QoS qos, boolean retain, List<Integer> subscriptionIdentifiers,
                       long expiresAtMillis) {
    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(qos, "qos");
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }
}
