package io.mqttools.broker.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The members of one shared subscription: a share name together with one topic filter (the node the group
 * hangs on). Each matching message goes to one member, chosen round-robin.
 *
 * <p>Concurrency: the members are a {@link SubscriberList}, changed only by writers holding the tree's
 * stripe lock and read by routing threads without locking. The round-robin cursor is an {@link AtomicInteger}
 * shared by all routing threads, so the rotation is fair across threads, not only within one.
 */
final class SharedGroup {
    private final String shareName;
    private final AtomicInteger cursor = new AtomicInteger();
    private final SubscriberList members = new SubscriberList();

    SharedGroup(String shareName, Route first) {
        this.shareName = shareName;
        members.put(first, false);
    }

    String shareName() {
        return shareName;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Adds or replaces the client's membership; true if the client was already a member. Writers only. */
    boolean put(Route member) {
        return members.put(member, false); // [MQTT-3.8.3-4] No Local is refused for shared subscriptions
    }

    /** Removes the client's membership; true if it was a member. Writers only. */
    boolean remove(String clientId) {
        return members.remove(clientId);
    }

    /**
     * The route for one message: the next member in turn that {@code available} accepts, or the next
     * member in turn when none is (the session queues the message until it can take it).
     */
    Route choose(Predicate<String> available) {
        Route[] current = members.snapshot().routes();
        int n = current.length;
        if (n == 0) {
            return null; // emptied by a concurrent unsubscribe after this group was matched
        }
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int k = 0; k < n; k++) {
            Route candidate = current[(start + k) % n];
            if (available.test(candidate.clientId())) {
                if (k > 0) {
                    cursor.getAndAdd(k); // the next message starts after the chosen member, not after a skipped one
                }
                return candidate;
            }
        }
        return current[start];
    }
}
