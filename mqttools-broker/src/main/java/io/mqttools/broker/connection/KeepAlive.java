package io.mqttools.broker.connection;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has been silent for one and a half times its keep alive ([MQTT-3.1.2-22]),
 * and one that sends no CONNECT in time. One timer per connection, re-armed for the time left rather
 * than reset on every packet. Confined to the event loop. It is its own timer task ({@link #run}), so that
 * arming the timer makes no method reference per connection.
 */
final class KeepAlive implements Runnable {
    private final Connection conn;
    private final Runnable onTimeout;
    private long lastReadNanos = System.nanoTime();
    private long timeoutNanos;
    private ScheduledFuture<?> timer;

    KeepAlive(Connection conn, Runnable onTimeout) {
        this.conn = conn;
        this.onTimeout = onTimeout;
    }

    /** Marks that a packet arrived. */
    void touch() {
        lastReadNanos = System.nanoTime();
    }

    /** Arms the timer for {@code timeoutMillis} of silence; 0 disarms it. */
    void start(long timeoutMillis) {
        cancel();
        timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (timeoutNanos > 0) {
            lastReadNanos = System.nanoTime();
            timer = conn.ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Arms the timer for a keep alive in seconds: 1.5 times it; 0 means no timeout. */
    void startKeepAlive(int seconds) {
        start(seconds * 1500L);
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer: closes the connection if it has been silent long enough, else re-arms for the time left. */
    @Override
    public void run() {
        long silent = System.nanoTime() - lastReadNanos;
        if (silent >= timeoutNanos) {
            timer = null;
            onTimeout.run();
        } else {
            timer = conn.ctx.executor().schedule(this, timeoutNanos - silent, TimeUnit.NANOSECONDS);
        }
    }
}
