package io.mqttools.broker.routing;

import io.mqttools.protocol.packet.Subscription;
import java.util.Objects;

/**
 * One subscription a client holds, as {@link Router#subscriptions(String)} reports it.
 *
 * @param subscription           the filter text as subscribed (with any {@code $share/group/} prefix) and options
 * @param subscriptionIdentifier the MQTT 5 Subscription Identifier, or 0 for none
 */
public record ClientSubscription(Subscription subscription, int subscriptionIdentifier) {
    public ClientSubscription {
        Objects.requireNonNull(subscription, "subscription");
    }
}
