package io.mqttools.broker.session;

import java.util.concurrent.Executor;

/**
 * The connection that holds a session now. The registry and publishers on other threads talk to it
 * only through these methods, which hand work to the owner's own thread.
 */
public interface SessionOwner {
    /** Schedules a drain of the session's inbox on the owner's thread. Called from any thread. */
    void wake();

    /** The owner's thread, for {@link WakeBatch} to run several owners' drains in one task. */
    Executor executor();

    /** Drains the session's inbox now; only on the owner's {@link #executor()}. */
    void drainNow();

    /**
     * Another connection took the session over: close this connection (DISCONNECT 0x8E in 5.0), let go
     * of the session, then run {@code detached} (exactly once, on any thread). Called from any thread.
     *
     * @param sessionContinues true when the new connection resumes the session (so a delayed will is not due)
     */
    void takeOver(boolean sessionContinues, Runnable detached);

    /** A short description for logs: client id and remote address. */
    String describe();
}
