package io.mqttools.broker.routing;

import io.mqttools.protocol.QoS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gathers, for one {@link SubscriptionTree#route} call, the route snapshots of the nodes that match and turns
 * them into the result. Confined to the routing thread.
 *
 * <p>A client has at most one subscription per node (one per filter text), so the routes of a single
 * matching node need no merging: they are returned as the node holds them, without a copy, which makes a
 * fan-out to many subscribers of one filter cheap. Only when several nodes match does a client's overlap have
 * to be merged ([MQTT-3.3.4-2] [MQTT-3.3.4-3] [MQTT-3.3.4-4]).
 */
final class RouteCollector {
    /** Above this many matches, a client's overlapping matches are found by hashing, below by scanning. */
    private static final int SCAN_LIMIT = 32;

    private final String publisherClientId;
    private Route[][] matches;
    private Route[] excluded; // per node: the publisher's own No Local route there; null while there is none
    private int nodes;
    private List<SharedGroup> groups;
    private int matched;

    RouteCollector(String publisherClientId) {
        this.publisherClientId = publisherClientId;
    }

    void add(TopicNode node) {
        SubscriberList.Snapshot snapshot = node.subscribers();
        Route[] routes = snapshot.routes();
        if (routes.length > 0) {
            matched += routes.length;
            if (matches == null) {
                matches = new Route[8][];
            } else if (nodes == matches.length) {
                matches = Arrays.copyOf(matches, nodes * 2);
                if (excluded != null) {
                    excluded = Arrays.copyOf(excluded, nodes * 2);
                }
            }
            Route own = snapshot.excludedFor(publisherClientId);
            if (own != null) {
                if (excluded == null) {
                    excluded = new Route[matches.length];
                }
                excluded[nodes] = own;
            }
            matches[nodes++] = routes;
        }
        SharedGroup[] shared = node.groups();
        if (shared.length > 0) {
            if (groups == null) {
                groups = new ArrayList<>(shared.length);
            }
            Collections.addAll(groups, shared);
        }
    }

    List<Route> routes(Predicate<String> available) {
        if (nodes == 0 && groups == null) {
            return List.of();
        }
        if (nodes == 1 && groups == null && excluded == null) {
            return Collections.unmodifiableList(Arrays.asList(matches[0])); // the node's array is never modified
        }
        List<Route> routes = new ArrayList<>(matched + (groups == null ? 0 : groups.size()));
        if (nodes == 1) {
            for (Route route : matches[0]) {
                if (route != excluded(0)) {
                    routes.add(route);
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

    private Route excluded(int node) {
        return excluded == null ? null : excluded[node];
    }

    /** Few matches: compare client identifiers pairwise rather than build a hash map. */
    private void scanMerge(List<Route> routes) {
        Route[] all = new Route[matched];
        int n = 0;
        for (int k = 0; k < nodes; k++) {
            for (Route route : matches[k]) {
                if (route != excluded(k)) {
                    all[n++] = route;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Route route = all[i];
            if (route == null) {
                continue; // merged into an earlier one
            }
            Merged merged = null;
            for (int j = i + 1; j < n; j++) {
                if (all[j] != null && all[j].clientId().equals(route.clientId())) {
                    if (merged == null) {
                        merged = new Merged(route);
                    }
                    merged.add(all[j]);
                    all[j] = null;
                }
            }
            routes.add(merged == null ? route : merged.route());
        }
    }

    /**
     * Many matches: only clients found on more than one node need merging. The other nodes' routes go into
     * a hash map and the largest node's are probed against it, so a crowded filter matched together with a
     * few wildcard subscriptions costs no hash map of the crowd.
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
            if (k == largest) {
                continue;
            }
            for (Route route : matches[k]) {
                if (route != excluded(k)) {
                    Merged merged = byClient.get(route.clientId());
                    if (merged == null) {
                        byClient.put(route.clientId(), new Merged(route));
                    } else {
                        merged.add(route);
                    }
                }
            }
        }
        for (Route route : matches[largest]) {
            if (route == excluded(largest)) {
                continue;
            }
            Merged merged = byClient.get(route.clientId());
            if (merged == null) {
                routes.add(route); // one node holds at most one route per client
            } else {
                merged.add(route);
            }
        }
        for (Merged merged : byClient.values()) {
            routes.add(merged.route());
        }
    }

    /**
     * One client's matching subscriptions. The single delivery gets the highest QoS and every distinct
     * identifier; Retain As Published, a per-subscription option, is taken from the highest-QoS
     * subscription (the one whose delivery the single copy stands for), set when any of those tied has it.
     */
    private static final class Merged {
        private final Route single;
        private QoS qos;
        private boolean retainAsPublished;
        private List<Integer> identifiers;

        Merged(Route route) {
            single = route;
            qos = route.qos();
            retainAsPublished = route.retainAsPublished();
        }

        void add(Route route) {
            if (identifiers == null) {
                identifiers = new ArrayList<>(single.subscriptionIdentifiers());
            }
            for (Integer id : route.subscriptionIdentifiers()) {
                if (!identifiers.contains(id)) {
                    identifiers.add(id);
                }
            }
            int order = route.qos().compareTo(qos);
            if (order > 0) {
                qos = route.qos();
                retainAsPublished = route.retainAsPublished();
            } else if (order == 0) {
                retainAsPublished |= route.retainAsPublished();
            }
        }

        Route route() {
            if (identifiers == null) {
                return single;
            }
            return new Route(single.clientId(), qos, retainAsPublished, List.copyOf(identifiers), null);
        }
    }
}
