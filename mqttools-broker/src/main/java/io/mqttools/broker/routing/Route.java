package io.mqttools.broker.routing;

import io.mqttools.protocol.QoS;
import java.util.List;

/**
 * One delivery the router chose for a published message: the client to send it to and how.
 *
 * @param clientId                the receiving session's client identifier
 * @param qos                     the subscription's maximum QoS (the sender takes the minimum with the message's)
 * @param retainAsPublished       keep the RETAIN flag as published (else it is cleared on forwarding)
 * @param subscriptionIdentifiers the identifiers of every matching subscription of this client, in no
 *                                particular order; empty when none had one
 * @param shareName               the shared subscription group this delivery was chosen for, or null
 */
public record Route(String clientId, QoS qos, boolean retainAsPublished, List<Integer> subscriptionIdentifiers,
                    String shareName) {
}
