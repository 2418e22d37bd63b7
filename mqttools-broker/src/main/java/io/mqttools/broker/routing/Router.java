package io.mqttools.broker.routing;

import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.function.Predicate;

/**
 * The subscription index: who gets a message published to a topic. Thread-safe: subscribe and
 * unsubscribe come from any connection's event loop while others route.
 *
 * <p>This is the seam a cluster layer will implement to add remote subscribers.
 */
public interface Router {
    /**
     * Adds a subscription, replacing the client's subscription with the same filter text
     * ([MQTT-3.8.4-3]); shared filters ({@code $share/group/filter}) join the group.
     *
     * @param subscriptionIdentifier the MQTT 5 Subscription Identifier, or 0 for none
     * @return true when the client already had a subscription with this filter (for Retain Handling 1)
     * @throws IllegalArgumentException when the filter is invalid or a shared subscription asks for No Local
     *                                  ([MQTT-3.8.3-4]); the connection validates first and answers itself
     */
    boolean subscribe(String clientId, Subscription subscription, int subscriptionIdentifier);

    /** Removes the client's subscription with exactly this filter text; true if there was one. */
    boolean unsubscribe(String clientId, String topicFilter);

    /** Removes every subscription of the client (its session ended). */
    void unsubscribeAll(String clientId);

    /**
     * The deliveries for a message published to {@code topic}.
     *
     * <p>Non-shared subscriptions give at most one route per client however many of its filters match,
     * with the highest QoS and every subscription identifier among them. A subscription with No Local
     * does not match its own client's messages ([MQTT-3.8.3-3]). Each shared group that matches gives one
     * route, to one member chosen round-robin among those {@code available} accepts (all members if none is).
     *
     * @param publisherClientId the publishing client, for No Local; null for messages from the broker itself
     * @param available         whether a member of a shared group can take a message now (online, flow control not full)
     * @return the routes, empty when nobody subscribed; the caller may keep the list but not modify it
     */
    List<Route> route(String topic, String publisherClientId, Predicate<String> available);

    /**
     * The client's subscriptions (shared ones with their {@code $share/group/} prefix), in no particular
     * order: for session state, persistence and re-subscribing a resumed session elsewhere.
     */
    List<ClientSubscription> subscriptions(String clientId);

    /** How many subscriptions exist now, over all clients (a shared group counts one per member). */
    int subscriptionCount();
}
