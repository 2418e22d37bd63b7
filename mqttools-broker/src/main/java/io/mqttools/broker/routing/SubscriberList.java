package io.mqttools.broker.routing;

import java.util.Arrays;
import java.util.HashMap;

/**
 * A copy-on-write array of subscriptions, at most one per client, that routing threads iterate without a
 * lock: the subscribers of one filter, or the members of one shared group.
 *
 * <p>Concurrency: the array is replaced, never changed, and only by writers holding the tree's stripe lock.
 * Once the array is large, writers find a client through a hash index of their own, so a change to a
 * crowded filter costs one array copy (a memory copy) instead of a scan comparing client identifiers.
 */
final class SubscriberList {
    private static final Subscriber[] EMPTY = {};
    private static final int INDEX_FROM = 16;

    private volatile Subscriber[] array = EMPTY;
    private HashMap<String, Subscriber> index; // writers only; present while the array has INDEX_FROM or more

    Subscriber[] array() {
        return array;
    }

    boolean isEmpty() {
        return array.length == 0;
    }

    /** Adds or replaces the client's entry; true if it replaced one. Writers only. */
    boolean put(Subscriber subscriber) {
        Subscriber[] current = array;
        int i = position(current, subscriber.clientId());
        if (i >= 0) {
            Subscriber[] copy = current.clone();
            copy[i] = subscriber;
            array = copy;
        } else {
            Subscriber[] copy = Arrays.copyOf(current, current.length + 1);
            copy[current.length] = subscriber;
            array = copy;
        }
        if (index != null) {
            index.put(subscriber.clientId(), subscriber);
        } else if (array.length >= INDEX_FROM) {
            index = new HashMap<>(array.length * 2);
            for (Subscriber s : array) {
                index.put(s.clientId(), s);
            }
        }
        return i >= 0;
    }

    /** Removes the client's entry; true if there was one. Writers only. */
    boolean remove(String clientId) {
        Subscriber[] current = array;
        int i = position(current, clientId);
        if (i < 0) {
            return false;
        }
        Subscriber[] copy = Arrays.copyOf(current, current.length - 1);
        System.arraycopy(current, i + 1, copy, i, current.length - i - 1);
        array = copy;
        if (index != null) {
            index.remove(clientId);
            if (copy.length < INDEX_FROM / 2) {
                index = null;
            }
        }
        return true;
    }

    private int position(Subscriber[] current, String clientId) {
        if (index == null) {
            for (int i = 0; i < current.length; i++) {
                if (current[i].clientId().equals(clientId)) {
                    return i;
                }
            }
            return -1;
        }
        Subscriber entry = index.get(clientId);
        if (entry != null) {
            for (int i = 0; i < current.length; i++) {
                if (current[i] == entry) { // compares references only: a sequential scan, no string compares
                    return i;
                }
            }
        }
        return -1;
    }
}
