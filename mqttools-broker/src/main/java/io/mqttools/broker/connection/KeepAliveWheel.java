package io.mqttools.broker.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The timeouts ({@link KeepAlive}) of one event loop's connections, on a hashed timing wheel: one timer
 * task for the loop, ticking every {@link #TICK_MILLIS} while it has connections, instead of a scheduled
 * task per connection. Arming and disarming are O(1) list operations, where the loop's scheduled-task
 * queue costs a 64-byte task, a queue slot and O(log n) per connection. A timeout fires within one tick
 * after it is due.
 *
 * <p>Bucket {@code b} holds the timeouts due at a tick ≡ b (mod {@link #BUCKETS}); a tick visits its
 * bucket, fires what is due and moves the rest (a later revolution, or a connection heard from since)
 * to the bucket of its new due time. So an active connection is looked at about once per timeout,
 * not per packet: a packet only records when it came ({@link KeepAlive#touch()}). Confined to the loop.
 */
final class KeepAliveWheel implements Runnable {
    static final long TICK_MILLIS = 100;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    static final int BUCKETS = 512; // 51.2 s a revolution: a 30 s keep alive's 45 s fits in one

    /** {@link KeepAlive#bucket} of one not armed, and of one found due and about to fire. */
    static final int NOT_ARMED = -1;
    static final int FIRING = -2;

    private final EventExecutor loop;
    private final LongSupplier clock;
    private final KeepAlive[] buckets = new KeepAlive[BUCKETS];
    /** The timeouts a tick found due, fired once its walk is over. */
    private final List<KeepAlive> due = new ArrayList<>();
    /** The last tick visited. */
    private long visited;
    private int size;
    private boolean ticking;

    KeepAliveWheel(EventExecutor loop) {
        this(loop, System::nanoTime);
    }

    /** @param clock {@link System#nanoTime()}, or a test's */
    KeepAliveWheel(EventExecutor loop, LongSupplier clock) {
        this.loop = loop;
        this.clock = clock;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Adds {@code k}, due at {@code dueNanos} ({@link System#nanoTime()} time). */
    void add(KeepAlive k, long dueNanos) {
        if (size++ == 0 && !ticking) {
            visited = tickOf(now());
            ticking = true;
            loop.schedule(this, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
        link(k, bucketOf(Math.max(tickOf(dueNanos), visited + 1)));
    }

    void remove(KeepAlive k) {
        unlink(k);
        size--;
    }

    /** How many timeouts are armed. */
    int size() {
        return size;
    }

    /** The tick: visits every bucket whose tick has come since the last one (all, after a long stall). */
    @Override
    public void run() {
        long now = now();
        long target = tickOf(now);
        long from = Math.max(visited + 1, target - BUCKETS + 1);
        visited = target;
        for (long t = from; t <= target; t++) {
            visit(bucketOf(t), now);
        }
        // fired after the walk: a timeout closes its connection, and what that sets off (a will, say)
        // must not find the lists half walked; one cancelled or armed again meanwhile does not fire
        for (int i = 0; i < due.size(); i++) {
            KeepAlive k = due.get(i);
            if (k.bucket == FIRING) {
                k.bucket = NOT_ARMED;
                k.expire();
            }
        }
        due.clear();
        if (size > 0) {
            loop.schedule(this, TICK_NANOS, TimeUnit.NANOSECONDS);
        } else {
            ticking = false;
        }
    }

    private void visit(int bucket, long now) {
        KeepAlive k = buckets[bucket];
        while (k != null) {
            KeepAlive next = k.nextDue; // read first: k may leave this bucket
            long dueNanos = k.dueNanos();
            if (dueNanos - now <= 0) {
                remove(k);
                k.bucket = FIRING;
                due.add(k);
            } else {
                int home = bucketOf(Math.max(tickOf(dueNanos), visited + 1));
                if (home != bucket) {
                    unlink(k);
                    link(k, home);
                }
            }
            k = next;
        }
    }

    private void link(KeepAlive k, int bucket) {
        k.bucket = bucket;
        k.previousDue = null;
        k.nextDue = buckets[bucket];
        if (k.nextDue != null) {
            k.nextDue.previousDue = k;
        }
        buckets[bucket] = k;
    }

    private void unlink(KeepAlive k) {
        if (k.previousDue != null) {
            k.previousDue.nextDue = k.nextDue;
        } else {
            buckets[k.bucket] = k.nextDue;
        }
        if (k.nextDue != null) {
            k.nextDue.previousDue = k.previousDue;
        }
        k.previousDue = null;
        k.nextDue = null;
        k.bucket = NOT_ARMED;
    }

    private static long tickOf(long nanos) {
        return Math.floorDiv(nanos, TICK_NANOS) + 1; // rounded up: never visited before it is due
    }

    private static int bucketOf(long tick) {
        return (int) Math.floorMod(tick, (long) BUCKETS);
    }
}
