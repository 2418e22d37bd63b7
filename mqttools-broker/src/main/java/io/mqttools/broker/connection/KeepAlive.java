package io.mqttools.broker.connection;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has been silent for one and a half times its keep alive ([MQTT-3.1.2-22]),
 * and one that sends no CONNECT in time. Armed on its event loop's {@link KeepAliveWheel}, which looks at
 * it when it is due and moves it on by the time left if a packet came since; a packet only records the
 * time. Confined to the event loop.
 */
class KeepAlive { // not final: tests replace expire()
    private final KeepAliveWheel wheel;
    private final ConnectionHandler handler;
    private long lastReadNanos;
    private long timeoutNanos;
    /** The wheel's links: the bucket, or {@link KeepAliveWheel#NOT_ARMED} or {@link KeepAliveWheel#FIRING}. */
    int bucket = KeepAliveWheel.NOT_ARMED;
    KeepAlive previousDue;
    KeepAlive nextDue;

    KeepAlive(KeepAliveWheel wheel, ConnectionHandler handler) {
        this.wheel = wheel;
        this.handler = handler;
    }

    /** Marks that a packet arrived. */
    void touch() {
        lastReadNanos = wheel.now();
    }

    /** Arms the timeout for {@code timeoutMillis} of silence from now; 0 disarms it. */
    void start(long timeoutMillis) {
        cancel();
        timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (timeoutNanos > 0) {
            lastReadNanos = wheel.now();
            wheel.add(this, lastReadNanos + timeoutNanos);
        }
    }

    /** Arms the timeout for a keep alive in seconds: 1.5 times it; 0 means no timeout. */
    void startKeepAlive(int seconds) {
        start(seconds * 1500L);
    }

    void cancel() {
        if (bucket >= 0) {
            wheel.remove(this);
        } else {
            bucket = KeepAliveWheel.NOT_ARMED; // found due by a tick that has not fired it yet: it will not
        }
    }

    /** When the connection has been silent long enough, as {@link System#nanoTime()} time. */
    long dueNanos() {
        return lastReadNanos + timeoutNanos;
    }

    /** Called by the wheel, which has already let go of it. */
    void expire() {
        handler.keepAliveTimeout();
    }
}
