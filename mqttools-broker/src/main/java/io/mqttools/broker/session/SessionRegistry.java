package io.mqttools.broker.session;

import io.mqttools.broker.config.Limits;
import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.routing.Router;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.packet.Will;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session lifecycle: claiming a session on CONNECT (new, resumed, or taken over from another
 * connection), letting go of it when the connection ends, Will Delay and Session Expiry timers.
 *
 * <p>Thread-safe: every method holds this object's monitor. They run once per connect or disconnect
 * and on timers, never per message; the message path ({@link Session#offer}) takes no lock.
 */
public final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final SessionStore store;
    private final Router router;
    private final ScheduledExecutorService timers;
    private final WillPublisher wills;
    private final int maxQueued;
    private final long maxQueuedBytes;
    /** Sessions ended by their expiry timer; written under the monitor, read by metrics from any thread. */
    private volatile long expired;
    private final Durability durability;

    /**
     * The outcome of {@link #claim}.
     *
     * @param session        the session the new connection gets
     * @param sessionPresent true when an existing session is resumed (CONNACK Session Present)
     * @param previousOwner  a connection still holding the session, which must be taken over before
     *                       {@link #activate}; null if none
     * @param discarded      the client's previous session, ended by Clean Start, or null
     */
    public record Claim(Session session, boolean sessionPresent, SessionOwner previousOwner, Session discarded) {
    }

    public SessionRegistry(SessionStore store, Router router, ScheduledExecutorService timers, WillPublisher wills,
                           int maxQueued) {
        this(store, router, timers, wills, maxQueued, Durability.NONE);
    }

    /** @param durability where sessions that outlive their connection are written */
    public SessionRegistry(SessionStore store, Router router, ScheduledExecutorService timers, WillPublisher wills,
                           int maxQueued, Durability durability) {
        this(store, router, timers, wills, maxQueued, 0, durability);
    }

    /** @param maxQueuedBytes each session's bound on queued payload bytes; 0 for none */
    public SessionRegistry(SessionStore store, Router router, ScheduledExecutorService timers, WillPublisher wills,
                           int maxQueued, long maxQueuedBytes, Durability durability) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.durability = durability;
        this.store = store;
        this.router = router;
        this.timers = timers;
        this.wills = wills;
        this.maxQueued = maxQueued;
    }

    /**
     * Claims the client's session for a new connection. Stops its expiry timer and a pending will: a
     * reconnect in time cancels a delayed will ([MQTT-3.1.3-9]); with Clean Start the old session ends
     * and its will is published now ([MQTT-3.1.2-4]).
     */
    public synchronized Claim claim(String clientId, boolean cleanStart, long expiryInterval, SessionOwner owner) {
        Session existing = store.get(clientId);
        SessionOwner previous = null;
        Session discarded = null;
        Session session;
        if (existing != null) {
            previous = existing.holder();
            cancelExpiry(existing);
            PendingWill will = existing.pendingWill();
            if (will != null) {
                existing.pendingWill(null);
                will.timer.cancel(false);
                existing.journal().willGone();
                if (cleanStart) {
                    wills.publishWill(clientId, will.will);
                }
            }
        }
        // A session that was to end with its connection (3.1.1 Clean Session 1, 5.0 Session Expiry 0) ends
        // when a new connection takes it over, Clean Start or not: its state is never reused
        // (3.1.1 [MQTT-3.1.2-6], 5.0 [MQTT-3.1.2-23]), so the new one gets Session Present 0.
        if (existing == null || cleanStart || existing.expiryInterval() == 0) {
            if (existing != null) {
                existing.end();
                existing.journal().removed();
                discarded = existing;
            }
            session = new Session(clientId, maxQueued, maxQueuedBytes);
            if (expiryInterval != 0) {
                session.journal(durability.create(session));
            }
            store.put(session);
        } else {
            session = existing; // [MQTT-3.1.2-5] resume
            if (expiryInterval != 0 && !session.journal().durable()) {
                // a session that was to end with its connection now outlives it: kept from here on
                SessionJournal journal = durability.create(session);
                session.journal(journal);
                for (ClientSubscription s : router.subscriptions(clientId)) {
                    journal.subscribed(s);
                }
            }
        }
        session.holder(owner);
        session.expiryInterval(expiryInterval);
        session.journal().saved(expiryInterval, 0);
        commit();
        return new Claim(session, session == existing, previous, discarded);
    }

    /**
     * Makes the claiming connection the session's owner, after any previous owner has let go. Clears
     * the subscriptions of a session discarded by Clean Start ([MQTT-3.1.2-4]).
     *
     * @return false when yet another connection claimed the session meanwhile (this one is being taken over)
     */
    public synchronized boolean activate(Claim claim, SessionOwner owner) {
        Session session = claim.session();
        if (claim.discarded() != null) {
            claim.discarded().releaseWaiters();
            if (store.get(session.clientId()) == session) {
                router.unsubscribeAll(session.clientId());
                wills.sessionEnded(claim.discarded()); // its previous owner has let go of it by now
            }
        }
        if (session.holder() != owner || session.ended()) {
            return false;
        }
        session.attach(owner);
        return true;
    }

    /**
     * The connection has ended and lets go of the session. Unless another connection already claimed
     * it, starts its expiry (0 = now) and handles the will: published now, or after its Will Delay
     * Interval, or when the session ends, whichever is first ([MQTT-3.1.3-9]).
     *
     * @param will            the will to publish, or null (none, or a normal DISCONNECT removed it [MQTT-3.1.2-10])
     * @param expiryInterval  the Session Expiry Interval in force now (a DISCONNECT may have changed it)
     */
    public synchronized void disconnected(Session session, SessionOwner owner, long expiryInterval, Will will) {
        try {
            release(session, owner, expiryInterval, will);
        } finally {
            // the owner's writes are durable before another connection may own the session
            commit();
        }
    }

    private void release(Session session, SessionOwner owner, long expiryInterval, Will will) {
        session.detach(owner);
        boolean takenOver = session.holder() != owner;
        if (takenOver || session.ended()) {
            // Taken over: the session goes on under the new connection unless Clean Start ended it.
            if (!takenOver) {
                session.holder(null);
            }
            if (will != null && (session.ended() || willDelay(will) == 0)) {
                wills.publishWill(session.clientId(), will);
            }
            return;
        }
        session.holder(null);
        session.expiryInterval(expiryInterval);
        if (expiryInterval == 0) {
            if (will != null) {
                wills.publishWill(session.clientId(), will);
            }
            end(session); // [MQTT-3.1.2-23] ends with the connection
            return;
        }
        if (will != null) {
            long delay = Math.min(willDelay(will), expiryInterval);
            if (delay == 0) {
                wills.publishWill(session.clientId(), will);
            } else {
                pendWill(session, will, delay);
                session.journal().willPending(will, System.currentTimeMillis() + delay * 1000);
            }
        }
        session.journal().saved(expiryInterval, System.currentTimeMillis());
        if (expiryInterval != Limits.NEVER_EXPIRE) {
            session.expiryTimer(schedule(() -> expire(session), expiryInterval));
        }
    }

    /**
     * Recovery: puts a session loaded from disk back, disconnected, with its expiry and delayed will
     * timers running for the time they had left.
     *
     * @param remainingExpiry seconds until it expires (ignored when {@code expiryInterval} is "never")
     * @param will            its delayed will, or null
     * @param willDelay       seconds until the will is due
     */
    public synchronized void restore(Session session, long expiryInterval, long remainingExpiry, Will will,
                                     long willDelay) {
        store.put(session);
        session.expiryInterval(expiryInterval);
        if (will != null) {
            pendWill(session, will, willDelay);
        }
        if (expiryInterval != Limits.NEVER_EXPIRE) {
            session.expiryTimer(schedule(() -> expire(session), remainingExpiry));
        }
    }

    private void pendWill(Session session, Will will, long delay) {
        PendingWill pending = new PendingWill(will);
        pending.timer = schedule(() -> willDue(session, pending), delay);
        session.pendingWill(pending);
    }

    /**
     * Writes this thread's writes in order, under the monitor, without the fsync (the connection's next
     * flush syncs before its CONNACK or anything else leaves); a store that cannot write is logged.
     */
    private void commit() {
        try {
            durability.write();
        } catch (IllegalStateException e) {
            LOG.error("session store: {}", e.getMessage());
        }
    }

    /** Where durable sessions are written; connections commit through it before they flush. */
    public Durability durability() {
        return durability;
    }

    /** The session of this client, or null. */
    public Session get(String clientId) {
        return store.get(clientId);
    }

    /** Sessions stored now, connected or not. */
    public int size() {
        return store.size();
    }

    /** Sessions removed because their Session Expiry Interval ran out, since the start. */
    public long expiredCount() {
        return expired;
    }

    private synchronized void willDue(Session session, PendingWill pending) {
        if (session.pendingWill() == pending) {
            session.pendingWill(null);
            session.journal().willGone();
            wills.publishWill(session.clientId(), pending.will);
            commit();
        }
    }

    private synchronized void expire(Session session) {
        if (session.holder() == null && !session.ended()) {
            LOG.debug("session of {} expired", session.clientId());
            expired++; // only ever written here, under the monitor
            end(session);
            commit();
        }
    }

    private void end(Session session) {
        session.end();
        session.journal().removed();
        cancelExpiry(session);
        PendingWill pending = session.pendingWill();
        if (pending != null) {
            session.pendingWill(null);
            pending.timer.cancel(false);
            wills.publishWill(session.clientId(), pending.will); // the session ends before the will delay
        }
        if (store.remove(session)) {
            router.unsubscribeAll(session.clientId());
            wills.sessionEnded(session);
        }
        session.releaseWaiters();
    }

    private static void cancelExpiry(Session session) {
        ScheduledFuture<?> timer = session.expiryTimer();
        if (timer != null) {
            timer.cancel(false);
            session.expiryTimer(null);
        }
    }

    private static long willDelay(Will will) {
        return will.properties().getInt(PropertyId.WILL_DELAY_INTERVAL, 0);
    }

    private ScheduledFuture<?> schedule(Runnable task, long seconds) {
        try {
            return timers.schedule(task, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return CancelledFuture.INSTANCE;
        }
    }
}
