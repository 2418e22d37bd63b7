package io.mqttools.broker.session;

import io.mqttools.protocol.QoS;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;

/**
 * The state of one client's session, connected or not.
 *
 * <p>Threading. Publishers on any event loop {@link #offer} messages into a lock-free inbox; the owner
 * (the connection holding the session) is woken at most once per batch and moves the inbox into its
 * confined {@link #pending()} queue on its own event loop. Everything marked "owner-confined" is
 * touched only by the owner's event loop; between owners it is handed over through the registry, whose
 * hand-off runs the new owner after the old one has let go (a happens-before edge via the executors).
 * Fields marked "registry" are guarded by the {@link SessionRegistry}'s monitor.
 *
 * <p>Bound. {@code maxQueued} bounds queued (not yet in-flight) messages and {@code maxQueuedBytes} the sum
 * of their payload lengths; the queue is full when either is reached, and it has drained when both are at
 * or below half. A message that finds a connected session's queue full is still queued (the bound is soft by what a publisher sends before its
 * pause takes effect) and the publisher is told to pause ({@link Offer#FULL}) until the queue has drained
 * below half ({@link #addWaiter}): it stops acknowledging its QoS 1/2 PUBLISHes and stops reading its QoS 0
 * ones. So an acknowledged QoS 1/2 message is never dropped; publishers are slowed instead. QoS 0
 * messages past twice the bound (room for what racing publishers send before they pause) are dropped,
 * oldest first, when the owner drains ({@link #trimQos0()}), and an offline session, which nobody drains,
 * refuses an arriving QoS 0 one past the bound; drops are counted.
 */
public final class Session {
    /** What became of an offered message. */
    public enum Offer {
        ACCEPTED,
        /** Accepted, but the queue is over its bound: the publisher should pause. */
        FULL,
        /** A QoS 0 message refused because the queue is full. */
        DROPPED
    }

    private static final VarHandle QUEUED;
    private static final VarHandle QUEUED_BYTES;
    private static final VarHandle DRAIN_SCHEDULED;
    private static final VarHandle INBOX;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            QUEUED = lookup.findVarHandle(Session.class, "queued", int.class);
            QUEUED_BYTES = lookup.findVarHandle(Session.class, "queuedBytes", long.class);
            DRAIN_SCHEDULED = lookup.findVarHandle(Session.class, "drainScheduled", boolean.class);
            INBOX = lookup.findVarHandle(Session.class, "inbox", ConcurrentLinkedQueue.class);
            WAITERS = lookup.findVarHandle(Session.class, "waiters", ConcurrentLinkedQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String clientId;
    private final int maxQueued;
    /** {@link Long#MAX_VALUE} when there is no byte bound. */
    private final long maxQueuedBytes;

    /**
     * Made at the first offer, by whichever publisher gets there first (a compare-and-set), and kept: a
     * session nobody has published to holds none (an empty queue is 48 B). Read through {@link #inbox()}.
     */
    private volatile ConcurrentLinkedQueue<Delivery> inbox;
    // Plain volatile fields updated through VarHandles rather than three Atomic* objects: 56 B less per session.
    private volatile int queued;
    private volatile long queuedBytes;
    private volatile boolean drainScheduled;
    /** Paused publishers; made at the first, as {@link #inbox} is. */
    private volatile ConcurrentLinkedQueue<Runnable> waiters;
    private volatile SessionOwner owner;
    private volatile SessionJournal journal = SessionJournal.NONE;

    // registry
    private SessionOwner holder;
    private long expiryInterval;
    private ScheduledFuture<?> expiryTimer;
    private PendingWill pendingWill;
    private boolean ended;

    // owner-confined
    /** Made at the first message queued: most sessions never queue (an empty ArrayDeque is 48 B or more). */
    private ArrayDeque<Delivery> pending;
    /** Made at the first QoS 1/2 message sent: an idle session holds none (an empty LinkedHashMap is 56 B). */
    private LinkedHashMap<Integer, OutboundMessage> inflight;
    /** Made at the first QoS 2 PUBLISH received (an empty HashSet is 64 B with its map). */
    private Set<Integer> awaitingRelease;
    /** Owner-confined: the packet id last given to a PUBLISH to the client (0: none yet). */
    private int lastPacketId;

    /** A session whose queue is bounded by message count only. */
    public Session(String clientId, int maxQueued) {
        this(clientId, maxQueued, 0);
    }

    /**
     * @param maxQueued      queued messages at which publishers pause
     * @param maxQueuedBytes queued payload bytes at which publishers pause; 0 for no byte bound
     */
    public Session(String clientId, int maxQueued, long maxQueuedBytes) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1");
        }
        if (maxQueuedBytes < 0) {
            throw new IllegalArgumentException("maxQueuedBytes must not be negative");
        }
        this.maxQueued = maxQueued;
        this.maxQueuedBytes = maxQueuedBytes == 0 ? Long.MAX_VALUE : maxQueuedBytes;
    }

    public String clientId() {
        return clientId;
    }

    /** The connection holding the session, or null while it is disconnected. */
    public SessionOwner owner() {
        return owner;
    }

    /**
     * Queues a message for the client; thread-safe, lock-free. Wakes the owner (once per batch) if the
     * client is connected.
     */
    public Offer offer(Delivery delivery) {
        return offer(delivery, null);
    }

    /**
     * Queues a message; the owner's wake-up, if one is needed, goes into {@code wakes} (to be sent with
     * the others of the publisher's batch) or, when it is null, is sent at once.
     */
    public Offer offer(Delivery delivery, WakeBatch wakes) {
        int n = addQueued(1);
        int size = size(delivery);
        long bytes = addQueuedBytes(size);
        SessionOwner o = owner;
        if ((n > maxQueued || bytes > maxQueuedBytes) && delivery.qos() == QoS.AT_MOST_ONCE && o == null) {
            addQueued(-1); // nobody will trim an offline queue: the newest QoS 0 goes
            addQueuedBytes(-size);
            return Offer.DROPPED;
        }
        // connected and over the bound: queued all the same, the publisher is asked to pause, and the
        // owner drops the oldest QoS 0 messages past the bound when it drains (trimQos0)
        inbox().add(delivery);
        if (o != null && DRAIN_SCHEDULED.compareAndSet(this, false, true)) {
            if (wakes == null) {
                o.wake();
            } else {
                wakes.add(o);
            }
        }
        // FULL once the queue reaches its bound, so that a single publisher pauses before the owner has
        // anything to trim
        return n >= maxQueued || bytes >= maxQueuedBytes ? Offer.FULL : Offer.ACCEPTED;
    }

    private ConcurrentLinkedQueue<Delivery> inbox() {
        ConcurrentLinkedQueue<Delivery> q = inbox;
        if (q == null) {
            q = new ConcurrentLinkedQueue<>();
            if (!INBOX.compareAndSet(this, null, q)) {
                q = inbox; // another publisher made it first
            }
        }
        return q;
    }

    private boolean inboxEmpty() {
        ConcurrentLinkedQueue<Delivery> q = inbox;
        return q == null || q.isEmpty();
    }

    /** Owner-confined: the pending queue, made at the first use. */
    private ArrayDeque<Delivery> pendingQueue() {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        return pending;
    }

    /** What a queued delivery counts against the byte bound: its payload length. */
    private static int size(Delivery delivery) {
        return delivery.message().payload().length();
    }

    /** Where the session's durable changes are written; {@link SessionJournal#NONE} when it is not kept on disk. */
    public SessionJournal journal() {
        return journal;
    }

    /** Set by the registry when the session is created or loaded, before anyone else sees it. */
    public void journal(SessionJournal value) {
        journal = Objects.requireNonNull(value, "journal");
    }

    /** Recovery only, before the session is shared: puts a stored message back at the end of the queue. */
    public void restorePending(Delivery delivery) {
        pendingQueue().add(delivery);
        addQueued(1);
        addQueuedBytes(size(delivery));
    }

    /** Messages queued and not yet sent (in flight ones not included). */
    public int queuedCount() {
        return queued;
    }

    /** Payload bytes of the messages queued and not yet sent. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** True when the queue is at or over its bound (in messages or in bytes). */
    public boolean isFull() {
        return queued >= maxQueued || queuedBytes >= maxQueuedBytes;
    }

    /**
     * Registers a paused publisher to resume once the queue has drained to half its bounds. If it
     * already has, the waiter runs at once. The waiter may run on any thread.
     */
    public void addWaiter(Runnable resume) {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        if (w == null) {
            w = new ConcurrentLinkedQueue<>();
            if (!WAITERS.compareAndSet(this, null, w)) {
                w = waiters;
            }
        }
        w.add(resume);
        releaseWaitersIfDrained();
    }

    private boolean hasWaiters() {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        return w != null && !w.isEmpty();
    }

    /** Owner: moves the inbox into the pending queue; call at the start of each drain. */
    public void collectInbox() {
        drainScheduled = false;
        ConcurrentLinkedQueue<Delivery> q = inbox;
        if (q != null) {
            for (Delivery d; (d = q.poll()) != null; ) {
                pendingQueue().add(d);
            }
        }
    }

    /**
     * Owner: while the queue is over twice its bound (in messages or in bytes), drops the oldest queued QoS 0 messages (QoS 1 and 2
     * are never dropped). Call after {@link #collectInbox()}.
     *
     * @return how many were dropped
     */
    public int trimQos0() {
        int dropped = 0;
        int limit = hardLimit();
        long byteLimit = maxQueuedBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxQueuedBytes * 2;
        if ((queued > limit || queuedBytes > byteLimit) && pending != null) {
            Iterator<Delivery> it = pending.iterator();
            while ((queued > limit || queuedBytes > byteLimit) && it.hasNext()) {
                Delivery d = it.next();
                if (d.qos() == QoS.AT_MOST_ONCE) {
                    it.remove();
                    addQueued(-1);
                    addQueuedBytes(-size(d));
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /**
     * Where QoS 0 messages start to be dropped: twice the bound at which publishers are paused, so that
     * what publishers on other event loops send before their pause takes effect still fits.
     */
    private int hardLimit() {
        return maxQueued > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : maxQueued * 2;
    }

    /**
     * Owner-confined: the messages not yet sent, oldest first, as a read-only view. Look at the next one with
     * {@link #peekPending()}, take it with {@link #takePending()}.
     */
    public Collection<Delivery> pending() {
        return pending == null ? List.of() : Collections.unmodifiableCollection(pending);
    }

    /** Owner: the oldest pending message, left in place; null when none is pending. */
    public Delivery peekPending() {
        return pending == null ? null : pending.peek();
    }

    /** Owner: removes the oldest pending message, which is about to be sent (or discarded). */
    public Delivery takePending() {
        Delivery d = pending == null ? null : pending.poll();
        if (d != null) {
            int n = addQueued(-1);
            long bytes = addQueuedBytes(-size(d));
            if (n <= maxQueued / 2 && bytes <= maxQueuedBytes / 2 && hasWaiters()) {
                releaseWaitersIfDrained();
            }
        }
        return d;
    }

    private boolean drained() {
        return queued <= maxQueued / 2 && queuedBytes <= maxQueuedBytes / 2;
    }

    /**
     * Runs the registered waiters while the queue is at or below half its bounds. The condition is read
     * again for each one: publishers that paused again while the waiters were being run (the queue
     * refilled) stay paused, instead of creeping the queue past its bound one message per resume.
     */
    private void releaseWaitersIfDrained() {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        if (w == null) {
            return;
        }
        for (Runnable r; drained() && (r = w.poll()) != null; ) {
            r.run();
        }
    }

    /** Runs every registered waiter once (publishers resume reading), whatever the queue holds. Thread-safe. */
    public void releaseWaiters() {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        if (w == null) {
            return;
        }
        for (Runnable r; (r = w.poll()) != null; ) {
            r.run();
        }
    }

    /**
     * Owner-confined: QoS 1/2 messages sent and not yet completed, in the order sent; an empty map (which
     * removes nothing and takes no entries) while none has been sent. Add with {@link #putInflight}.
     */
    public Map<Integer, OutboundMessage> inflight() {
        return inflight != null ? inflight : Collections.emptyMap();
    }

    /** Owner-confined: adds or replaces a message in flight (at the end of the order when new). */
    public void putInflight(int packetId, OutboundMessage message) {
        if (inflight == null) {
            inflight = new LinkedHashMap<>();
        }
        inflight.put(packetId, message);
    }

    /**
     * Owner-confined: packet ids of received QoS 2 PUBLISHes waiting for their PUBREL; an empty set (which
     * removes nothing and takes no ids) while there has been none. Add with {@link #awaitRelease}.
     */
    public Set<Integer> awaitingRelease() {
        return awaitingRelease != null ? awaitingRelease : Collections.emptySet();
    }

    /** Owner-confined: adds packet ids to {@link #awaitingRelease()}. */
    public void awaitRelease(Collection<Integer> packetIds) {
        if (packetIds.isEmpty()) {
            return;
        }
        if (awaitingRelease == null) {
            awaitingRelease = new HashSet<>();
        }
        awaitingRelease.addAll(packetIds);
    }

    /** Owner-confined: adds one packet id to {@link #awaitingRelease()}. */
    public void awaitRelease(int packetId) {
        if (awaitingRelease == null) {
            awaitingRelease = new HashSet<>();
        }
        awaitingRelease.add(packetId);
    }

    /** Owner-confined: the next free packet id for a PUBLISH to the client, or 0 if none is free. */
    public int nextPacketId() {
        int id = PacketIds.next(lastPacketId, inflight().keySet()::contains);
        if (id != 0) {
            lastPacketId = id;
        }
        return id;
    }

    // ---- registry-guarded state, package-private

    void attach(SessionOwner newOwner) {
        owner = newOwner;
        // A message offered while the session had no owner did not wake anyone.
        if (!inboxEmpty() && DRAIN_SCHEDULED.compareAndSet(this, false, true)) {
            newOwner.wake();
        }
    }

    boolean detach(SessionOwner current) {
        if (owner != current) {
            return false;
        }
        owner = null;
        drainScheduled = false;
        return true;
    }

    /** The connection that last claimed the session (it may still be waiting to become its owner). */
    SessionOwner holder() {
        return holder;
    }

    void holder(SessionOwner claimant) {
        holder = claimant;
    }

    long expiryInterval() {
        return expiryInterval;
    }

    void expiryInterval(long seconds) {
        expiryInterval = seconds;
    }

    ScheduledFuture<?> expiryTimer() {
        return expiryTimer;
    }

    void expiryTimer(ScheduledFuture<?> timer) {
        expiryTimer = timer;
    }

    PendingWill pendingWill() {
        return pendingWill;
    }

    void pendingWill(PendingWill will) {
        pendingWill = will;
    }

    boolean ended() {
        return ended;
    }

    void end() {
        ended = true;
    }

    private int addQueued(int delta) {
        return (int) QUEUED.getAndAdd(this, delta) + delta;
    }

    private long addQueuedBytes(long delta) {
        return (long) QUEUED_BYTES.getAndAdd(this, delta) + delta;
    }

    @Override
    public String toString() {
        return "Session[" + clientId + ", queued=" + queued + ", bytes=" + queuedBytes + "]";
    }
}
