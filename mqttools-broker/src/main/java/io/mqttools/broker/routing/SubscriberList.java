package io.mqttools.broker.routing;

import java.util.Arrays;
import java.util.HashMap;

/**
 * The subscriptions of one filter, or the members of one shared group, at most one per client, each kept as
 * the {@link Route} it yields when it is the client's only match, so that routing builds no route for it and
 * can hand out a node's routes as they are.
 *
 * <p>Concurrency: the state is one immutable {@link Snapshot}, replaced (never changed) by writers holding
 * the tree's stripe lock and read by routing threads without a lock, so a reader sees the routes and their
 * No Local marks consistently. Once a list is large, writers find a client through a hash index of their
 * own, so a change to a crowded filter costs one array copy instead of a scan comparing client ids.
 */
final class SubscriberList {
    private static final Route[] NONE = {};
    static final Snapshot EMPTY = new Snapshot(NONE, NONE);
    private static final int INDEX_FROM = 16;

    private volatile Snapshot snapshot = EMPTY;
    private HashMap<String, Route> index; // writers only; present while there are INDEX_FROM routes or more

    /**
     * The routes at one moment, and among them (the same objects) those of subscriptions with No Local.
     * Neither array is ever modified.
     */
    record Snapshot(Route[] routes, Route[] noLocal) {
        /** The route a message from this publisher must skip ([MQTT-3.8.3-3]), or null. */
        Route excludedFor(String publisherClientId) {
            if (publisherClientId != null) {
                for (Route route : noLocal) {
                    if (route.clientId().equals(publisherClientId)) {
                        return route;
                    }
                }
            }
            return null;
        }
    }

    Snapshot snapshot() {
        return snapshot;
    }

    boolean isEmpty() {
        return snapshot.routes.length == 0;
    }

    /** Adds or replaces the client's route; true if it replaced one. Writers only. */
    boolean put(Route route, boolean noLocal) {
        Snapshot current = snapshot;
        Route[] routes = current.routes;
        int i = position(routes, route.clientId());
        Route[] noLocals = current.noLocal;
        Route[] copy;
        if (i >= 0) {
            noLocals = without(noLocals, routes[i]);
            copy = routes.clone();
            copy[i] = route;
        } else {
            copy = Arrays.copyOf(routes, routes.length + 1);
            copy[routes.length] = route;
        }
        if (noLocal) {
            noLocals = Arrays.copyOf(noLocals, noLocals.length + 1);
            noLocals[noLocals.length - 1] = route;
        }
        snapshot = new Snapshot(copy, noLocals);
        if (index != null) {
            index.put(route.clientId(), route);
        } else if (copy.length >= INDEX_FROM) {
            index = new HashMap<>(copy.length * 2);
            for (Route r : copy) {
                index.put(r.clientId(), r);
            }
        }
        return i >= 0;
    }

    /** Removes the client's route; true if there was one. Writers only. */
    boolean remove(String clientId) {
        Snapshot current = snapshot;
        Route[] routes = current.routes;
        int i = position(routes, clientId);
        if (i < 0) {
            return false;
        }
        Route[] copy = Arrays.copyOf(routes, routes.length - 1);
        System.arraycopy(routes, i + 1, copy, i, routes.length - i - 1);
        snapshot = copy.length == 0 ? EMPTY : new Snapshot(copy, without(current.noLocal, routes[i]));
        if (index != null) {
            index.remove(clientId);
            if (copy.length < INDEX_FROM / 2) {
                index = null;
            }
        }
        return true;
    }

    private int position(Route[] routes, String clientId) {
        if (index == null) {
            for (int i = 0; i < routes.length; i++) {
                if (routes[i].clientId().equals(clientId)) {
                    return i;
                }
            }
            return -1;
        }
        Route entry = index.get(clientId);
        if (entry != null) {
            for (int i = 0; i < routes.length; i++) {
                if (routes[i] == entry) { // compares references only: a sequential scan, no string compares
                    return i;
                }
            }
        }
        return -1;
    }

    private static Route[] without(Route[] routes, Route route) {
        for (int i = 0; i < routes.length; i++) {
            if (routes[i] == route) {
                Route[] copy = Arrays.copyOf(routes, routes.length - 1);
                System.arraycopy(routes, i + 1, copy, i, routes.length - i - 1);
                return copy;
            }
        }
        return routes;
    }
}
