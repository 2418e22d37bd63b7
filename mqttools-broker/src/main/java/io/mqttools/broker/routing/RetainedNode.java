package io.mqttools.broker.routing;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.packet.Publish;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One topic level of the {@link InMemoryRetainedStore} trie.
 *
 * <p>Concurrency: children are added and removed only under the store's stripe lock; the message slot is
 * changed by compare-and-set, so that replacing the message of an existing topic needs no lock. A node
 * being unlinked is first marked {@link #DEAD} (only from empty), so a lock-free replace that reaches it
 * afterwards fails and retries under the lock instead of writing into a detached node.
 */
final class RetainedNode {
    private static final RetainedMessage DEAD = new RetainedMessage(Publish.of("$dead", Bytes.EMPTY), 0);
    private static final VarHandle SLOT;

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(RetainedNode.class, "retained", RetainedMessage.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ConcurrentHashMap<String, RetainedNode> children = new ConcurrentHashMap<>(2);
    @SuppressWarnings("unused") // accessed through SLOT
    private volatile RetainedMessage retained;

    /** The stored message, or null (also for a dead node). */
    RetainedMessage get() {
        RetainedMessage current = retained;
        return current == DEAD ? null : current;
    }

    /**
     * Stores the message unless the node is dead.
     *
     * @return 1 when it replaced a message, 0 when the slot was empty, -1 when the node is dead
     */
    int set(RetainedMessage message) {
        while (true) {
            RetainedMessage current = retained;
            if (current == DEAD) {
                return -1;
            }
            if (SLOT.compareAndSet(this, current, message)) {
                return current == null ? 0 : 1;
            }
        }
    }

    /** Empties the slot if it holds {@code expected} (any message when null); true if it did. */
    boolean clear(RetainedMessage expected) {
        while (true) {
            RetainedMessage current = retained;
            if (current == null || current == DEAD || (expected != null && current != expected)) {
                return false;
            }
            if (SLOT.compareAndSet(this, current, null)) {
                return true;
            }
        }
    }

    /** Marks an empty, childless node dead before it is unlinked; false if it is not empty. Under the lock. */
    boolean kill() {
        return children.isEmpty() && SLOT.compareAndSet(this, null, DEAD);
    }
}
