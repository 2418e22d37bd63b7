package io.mqttools.broker.routing;

import io.mqttools.protocol.QoS;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gathers, for one {@link SubscriptionTree#route} call, the subscriber arrays of the nodes that match and
 * turns them into routes. Confined to the routing thread.
 *
 * <p>A client has at most one subscription per node (one per filter text), so the routes of a single
 * matching node need no merging and are the precomputed ones; only when several nodes match does a
 * client's overlap have to be merged ([MQTT-3.3.4-2] [MQTT-3.3.4-3] [MQTT-3.3.4-4]).
 */
final class RouteCollector {
    private final String publisherClientId;
    private Subscriber[] first;
    private List<Subscriber[]> more;
    private List<SharedGroup> groups;
    private int matched;

    RouteCollector(String publisherClientId) {
        this.publisherClientId = publisherClientId;
    }

    void add(TopicNode node) {
        Subscriber[] subscribers = node.subscribers();
        if (subscribers.length > 0) {
            matched += subscribers.length;
            if (first == null) {
                first = subscribers;
            } else {
                if (more == null) {
                    more = new ArrayList<>(4);
                }
                more.add(subscribers);
            }
        }
        SharedGroup[] shared = node.groups();
        if (shared.length > 0) {
            if (groups == null) {
                groups = new ArrayList<>(shared.length);
            }
            for (SharedGroup group : shared) {
                groups.add(group);
            }
        }
    }

    List<Route> routes(Predicate<String> available) {
        if (first == null && groups == null) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>(matched + (groups == null ? 0 : groups.size()));
        if (more == null) {
            if (first != null) {
                for (Subscriber subscriber : first) {
                    if (!subscriber.excludes(publisherClientId)) {
                        routes.add(subscriber.route());
                    }
                }
            }
        } else {
            merge(routes);
        }
        if (groups != null) {
            for (SharedGroup group : groups) {
                Route route = group.choose(available);
                if (route != null) {
                    routes.add(route);
                }
            }
        }
        return routes;
    }

    private void merge(List<Route> routes) {
        HashMap<String, Merged> byClient = new HashMap<>(matched * 2);
        mergeAll(byClient, first);
        for (Subscriber[] subscribers : more) {
            mergeAll(byClient, subscribers);
        }
        for (Merged merged : byClient.values()) {
            routes.add(merged.route());
        }
    }

    private void mergeAll(HashMap<String, Merged> byClient, Subscriber[] subscribers) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.excludes(publisherClientId)) {
                continue;
            }
            Merged merged = byClient.get(subscriber.clientId());
            if (merged == null) {
                byClient.put(subscriber.clientId(), new Merged(subscriber));
            } else {
                merged.add(subscriber);
            }
        }
    }

    /**
     * One client's matching subscriptions. The single delivery gets the highest QoS and every distinct
     * identifier; Retain As Published, a per-subscription option, is taken from the highest-QoS
     * subscription (the one whose delivery the single copy stands for), set when any of those tied has it.
     */
    private static final class Merged {
        private final Subscriber single;
        private QoS qos;
        private boolean retainAsPublished;
        private List<Integer> identifiers;

        Merged(Subscriber subscriber) {
            single = subscriber;
            qos = subscriber.maxQos();
            retainAsPublished = subscriber.retainAsPublished();
        }

        void add(Subscriber subscriber) {
            if (identifiers == null) {
                identifiers = new ArrayList<>(single.route().subscriptionIdentifiers());
            }
            int id = subscriber.subscriptionIdentifier();
            if (id != 0 && !identifiers.contains(id)) {
                identifiers.add(id);
            }
            int order = subscriber.maxQos().compareTo(qos);
            if (order > 0) {
                qos = subscriber.maxQos();
                retainAsPublished = subscriber.retainAsPublished();
            } else if (order == 0) {
                retainAsPublished |= subscriber.retainAsPublished();
            }
        }

        Route route() {
            if (identifiers == null) {
                return single.route();
            }
            return new Route(single.clientId(), qos, retainAsPublished, List.copyOf(identifiers), null);
        }
    }
}
