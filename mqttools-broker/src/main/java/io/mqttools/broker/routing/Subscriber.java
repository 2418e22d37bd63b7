package io.mqttools.broker.routing;

import io.mqttools.protocol.QoS;
import java.util.List;

/**
 * One client's subscription as stored in a {@link TopicNode}, with the {@link Route} it yields when it is
 * the client's only match, built once at subscribe time so that routing allocates no route for it.
 */
record Subscriber(String clientId, QoS maxQos, boolean noLocal, boolean retainAsPublished,
                  int subscriptionIdentifier, Route route) {

    static Subscriber of(String clientId, QoS maxQos, boolean noLocal, boolean retainAsPublished,
                         int subscriptionIdentifier, String shareName) {
        List<Integer> ids = subscriptionIdentifier == 0 ? List.of() : List.of(subscriptionIdentifier);
        return new Subscriber(clientId, maxQos, noLocal, retainAsPublished, subscriptionIdentifier,
                new Route(clientId, maxQos, retainAsPublished, ids, shareName));
    }

    /** Whether a message from {@code publisherClientId} skips this subscription. */
    boolean excludes(String publisherClientId) {
        return noLocal && clientId.equals(publisherClientId); // [MQTT-3.8.3-3]
    }
}
