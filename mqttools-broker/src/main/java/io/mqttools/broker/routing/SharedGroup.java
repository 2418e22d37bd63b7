package io.mqttools.broker.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The members of one shared subscription: a share name together with one topic filter (the node the group
 * hangs on). Each matching message goes to one member, chosen round-robin.
 *
 * <p>Concurrency: {@code members} is a copy-on-write array replaced only by writers holding the tree's
 * stripe lock; routing threads read it without locking. The round-robin cursor is an {@link AtomicInteger}
 * shared by all routing threads, so the rotation is fair across threads, not only within one.
 */
final class SharedGroup {
    private final String shareName;
    private final AtomicInteger cursor = new AtomicInteger();
    private volatile Subscriber[] members;

    SharedGroup(String shareName, Subscriber first) {
        this.shareName = shareName;
        this.members = new Subscriber[] {first};
    }

    String shareName() {
        return shareName;
    }

    boolean isEmpty() {
        return members.length == 0;
    }

    /** Adds or replaces the client's membership; true if the client was already a member. Writers only. */
    boolean put(Subscriber member) {
        Subscriber[] current = members;
        int i = TopicNode.indexOf(current, member.clientId());
        members = i >= 0 ? TopicNode.replaced(current, i, member) : TopicNode.appended(current, member);
        return i >= 0;
    }

    /** Removes the client's membership; true if it was a member. Writers only. */
    boolean remove(String clientId) {
        Subscriber[] current = members;
        int i = TopicNode.indexOf(current, clientId);
        if (i < 0) {
            return false;
        }
        members = TopicNode.removed(current, i);
        return true;
    }

    /**
     * The route for one message: the next member in turn that {@code available} accepts, or the next
     * member in turn when none is (the session queues the message until it can take it).
     */
    Route choose(Predicate<String> available) {
        Subscriber[] current = members;
        int n = current.length;
        if (n == 0) {
            return null; // emptied by a concurrent unsubscribe after this group was matched
        }
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int k = 0; k < n; k++) {
            Subscriber candidate = current[(start + k) % n];
            if (available.test(candidate.clientId())) {
                if (k > 0) {
                    cursor.getAndAdd(k); // the next message starts after the chosen member, not after a skipped one
                }
                return candidate.route();
            }
        }
        return current[start].route();
    }

    Subscriber[] members() {
        return members;
    }
}
