package io.mqttools.broker.connection;

import io.mqttools.broker.config.Features;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.metrics.TrafficCounters;
import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.broker.security.Authorizer;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.broker.session.SessionRegistry;

/**
 * The shared, thread-safe services every connection uses, wired once by the broker.
 *
 * @param limits      resource limits
 * @param sessions    session lifecycle
 * @param distributor the delivery path
 * @param router      the subscription index
 * @param retained    retained messages
 * @param metrics     delivery counters
 * @param connections the open connections
 * @param encodings   fan-out encodings shared per event loop
 * @param authenticator who may connect
 * @param authorizer  what connected clients may publish, subscribe to and receive
 * @param features    MQTT 5 choices (Response Information)
 * @param traffic     packet, byte and client counters
 */
public record BrokerServices(Limits limits, SessionRegistry sessions, MessageDistributor distributor, Router router,
                             RetainedStore retained, DeliveryMetrics metrics, Connections connections,
                             SharedEncodings encodings, Authenticator authenticator,
                             Authorizer authorizer, Features features, TrafficCounters traffic) {
    /** The same services with another authenticator and authorizer: those of a listener with its own settings. */
    public BrokerServices withSecurity(Authenticator otherAuthenticator, Authorizer otherAuthorizer) {
        return new BrokerServices(limits, sessions, distributor, router, retained, metrics, connections, encodings,
                otherAuthenticator, otherAuthorizer, features, traffic);
    }
}
