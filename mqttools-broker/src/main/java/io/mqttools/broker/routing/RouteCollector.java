package io.mqttools.broker.routing;

import io.mqttools.protocol.QoS;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** Above this many matches, a client's overlapping matches are found by hashing, below by scanning. */
    private static final int SCAN_LIMIT = 32;

    private final String publisherClientId;
    private Subscriber[][] matches;
    private int nodes;
    private List<SharedGroup> groups;
    private int matched;

    RouteCollector(String publisherClientId) {
        this.publisherClientId = publisherClientId;
    }

    void add(TopicNode node) {
        Subscriber[] subscribers = node.subscribers();
        if (subscribers.length > 0) {
            matched += subscribers.length;
            if (matches == null) {
                matches = new Subscriber[8][];
            } else if (nodes == matches.length) {
                matches = Arrays.copyOf(matches, nodes * 2);
            }
            matches[nodes++] = subscribers;
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
        if (nodes == 0 && groups == null) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>(matched + (groups == null ? 0 : groups.size()));
        if (nodes == 1) {
            for (Subscriber subscriber : matches[0]) {
                if (!subscriber.excludes(publisherClientId)) {
                    routes.add(subscriber.route());
                }
            }
        } else if (nodes > 1 && matched <= SCAN_LIMIT) {
            scanMerge(routes);
        } else if (nodes > 1) {
            hashMerge(routes);
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

    /** Few matches: compare client identifiers pairwise rather than build a hash map. */
    private void scanMerge(List<Route> routes) {
        Subscriber[] all = new Subscriber[matched];
        int n = 0;
        for (int k = 0; k < nodes; k++) {
            for (Subscriber subscriber : matches[k]) {
                if (!subscriber.excludes(publisherClientId)) {
                    all[n++] = subscriber;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Subscriber subscriber = all[i];
            if (subscriber == null) {
                continue; // merged into an earlier one
            }
            Merged merged = null;
            for (int j = i + 1; j < n; j++) {
                if (all[j] != null && all[j].clientId().equals(subscriber.clientId())) {
                    if (merged == null) {
                        merged = new Merged(subscriber);
                    }
                    merged.add(all[j]);
                    all[j] = null;
                }
            }
            routes.add(merged == null ? subscriber.route() : merged.route());
        }
    }

    /**
     * Many matches: only clients found on more than one node need merging. The other nodes' subscribers go
     * into a hash map and the largest node's are probed against it, so a crowded filter matched together
     * with a few wildcard subscriptions costs no hash map of the crowd.
     */
    private void hashMerge(List<Route> routes) {
        int largest = 0;
        for (int k = 1; k < nodes; k++) {
            if (matches[k].length > matches[largest].length) {
                largest = k;
            }
        }
        HashMap<String, Merged> byClient = new HashMap<>();
        for (int k = 0; k < nodes; k++) {
            if (k != largest) {
                mergeAll(byClient, matches[k]);
            }
        }
        for (Subscriber subscriber : matches[largest]) {
            if (subscriber.excludes(publisherClientId)) {
                continue;
            }
            Merged merged = byClient.get(subscriber.clientId());
            if (merged == null) {
                routes.add(subscriber.route()); // one node holds at most one subscription per client
            } else {
                merged.add(subscriber);
            }
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
