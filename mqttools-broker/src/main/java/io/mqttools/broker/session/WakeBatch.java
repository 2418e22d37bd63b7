package io.mqttools.broker.session;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The session owners a publisher's read batch has woken, grouped by their thread, so that the hand-off
 * to other event loops is one task per loop per batch rather than one per message or per session.
 * Confined to the publisher's thread; one per event loop, shared by its connections, whose read batches
 * run one after the other and each end with a {@link #flush()}.
 */
public final class WakeBatch {
    private final Executor own;
    /**
     * Made at the first wake-up: most connections never publish to another session, and an empty
     * IdentityHashMap holds a 64-slot table (about 310 B per connection).
     */
    private Map<Executor, List<SessionOwner>> byExecutor;

    /** @param own the publisher's own thread: its owners are drained in place by {@link #flush()} */
    public WakeBatch(Executor own) {
        this.own = own;
    }

    void add(SessionOwner owner) {
        if (byExecutor == null) {
            byExecutor = new IdentityHashMap<>();
        }
        byExecutor.computeIfAbsent(owner.executor(), e -> new ArrayList<>()).add(owner);
    }

    /** Sends the wake-ups: drains owners on the calling thread directly, one task for each other thread. */
    public void flush() {
        if (byExecutor == null || byExecutor.isEmpty()) {
            return;
        }
        // A drain run here may flush its own connection, and so this batch again: work on a copy.
        List<Map.Entry<Executor, List<SessionOwner>>> batch = new ArrayList<>(byExecutor.entrySet());
        byExecutor.clear();
        for (Map.Entry<Executor, List<SessionOwner>> e : batch) {
            List<SessionOwner> owners = e.getValue();
            if (e.getKey() == own) {
                owners.forEach(SessionOwner::drainNow);
            } else {
                try {
                    e.getKey().execute(() -> owners.forEach(SessionOwner::drainNow));
                } catch (RejectedExecutionException shuttingDown) {
                    // the broker is stopping: the messages stay queued in their sessions
                }
            }
        }
    }
}
