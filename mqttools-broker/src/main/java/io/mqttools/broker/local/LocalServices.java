package io.mqttools.broker.local;

import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.broker.session.SessionRegistry;

/**
 * What a {@link LocalClient} uses of the broker: the same shared, thread-safe services a network connection uses.
 *
 * @param sessions    session lifecycle (claim, release, the group commit of persistence)
 * @param distributor the delivery path
 * @param router      the subscription index
 * @param retained    retained messages, for Retain Handling on subscribe
 * @param maxInflight QoS 1/2 messages handed to a local client and not yet handled, at most
 */
public record LocalServices(SessionRegistry sessions, MessageDistributor distributor, Router router,
                            RetainedStore retained, int maxInflight) {
}
