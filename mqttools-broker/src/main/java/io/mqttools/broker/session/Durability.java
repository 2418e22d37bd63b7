package io.mqttools.broker.session;

/**
 * The store-wide side of session persistence: journals for new durable sessions, and the group commit.
 * Each thread collects its writes in a batch of its own; {@link #commit()} writes that batch with one
 * synced write and then runs the actions that had to wait for it (queuing the messages of durable
 * sessions, so that no owner sends, or deletes, what is not yet on disk). Connections commit before
 * every flush, so an acknowledgement leaves only after what it acknowledges is durable.
 * Thread-safe; {@link #NONE} keeps nothing and runs actions at once.
 */
public interface Durability {
    /** No persistence: sessions get {@link SessionJournal#NONE}. */
    Durability NONE = new Durability() {
        @Override
        public SessionJournal create(Session session) {
            return SessionJournal.NONE;
        }

        @Override
        public void afterCommit(Runnable action) {
            action.run();
        }

        @Override
        public void commit() {
        }

        @Override
        public void write() {
        }
    };

    /** A journal for a new session that outlives its connection (Session Expiry Interval not 0). */
    SessionJournal create(Session session);

    /** Runs {@code action} on this thread once its pending writes are durable (at its next commit). */
    void afterCommit(Runnable action);

    /**
     * Makes the calling thread's pending writes durable (one synced write), then runs its waiting actions.
     *
     * @throws IllegalStateException when the store cannot write: nothing may be acknowledged any more
     */
    void commit();

    /**
     * Writes the calling thread's pending writes now, in order with every other write, but without waiting
     * for the disk (then runs its waiting actions): for the session registry, which must order its writes
     * under its monitor but should not hold the monitor through an fsync. The next {@link #commit()} on any
     * thread makes them durable before that thread flushes.
     *
     * @throws IllegalStateException when the store cannot write
     */
    void write();
}
