package io.mqttools.cli.monitor;

import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.client.ConnectionLost;
import io.mqttools.client.Event;
import io.mqttools.client.MqttException;
import io.mqttools.client.Reconnected;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@link MessageSource} on the mqttools {@link Client}. Messages go straight from the client's event loop
 * to the listener through the client's {@code onMessage} hook, so no queue sits between a fast stream and
 * the model. A thread of its own makes the first connection, one attempt at a time so that every failure
 * shows on screen, retrying after {@link #RETRY_DELAYS} (the last repeated) for as long as the monitor runs;
 * after that the client reconnects by itself and this thread only turns its connection events into states.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread.
 */
final class ClientMessageSource implements MessageSource {
    static final List<Duration> RETRY_DELAYS =
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

    private final ClientBuilder builder;
    private final String target;
    private final LongSupplier clock;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile Client client;

    /**
     * @param builder the client's options (host, port, subscriptions, credentials...); its connect delays and
     *                onMessage hook are set here
     * @param target the broker as shown on screen, e.g. {@code localhost:1883}
     * @param clock the arrival time of messages, in milliseconds since the epoch
     */
    ClientMessageSource(ClientBuilder builder, String target, LongSupplier clock) {
        this.builder = builder;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public synchronized void start(MonitorListener listener) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Client c = builder
                .connectDelays(List.of())
                .onMessage(m -> listener.onMessage(m.topic(), m.payload().unsafeArray(), clock.getAsLong()))
                .build();
        client = c;
        Thread t = new Thread(() -> connectAndWatch(c, listener), "mqttools-monitor-connection");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void connectAndWatch(Client c, MonitorListener listener) {
        try {
            int attempt = 0;
            while (closed.getCount() > 0) {
                listener.onConnectionState(ConnectionState.CONNECTING, target);
                try {
                    c.start();
                } catch (MqttException e) {
                    Duration delay = RETRY_DELAYS.get(Math.min(attempt++, RETRY_DELAYS.size() - 1));
                    listener.onConnectionState(ConnectionState.DISCONNECTED,
                            "retrying in " + delay.toSeconds() + " s (" + e.getMessage() + ")");
                    if (closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    continue;
                }
                attempt = 0;
                listener.onConnectionState(ConnectionState.CONNECTED, "");
                watch(c, listener);
            }
        } catch (InterruptedException e) {
            // close() interrupts this thread; nothing is left to do.
            Thread.currentThread().interrupt();
        }
    }

    /** Follows the client's connection events until it gives up reconnecting or the source is closed. */
    private void watch(Client c, MonitorListener listener) throws InterruptedException {
        while (closed.getCount() > 0) {
            Event event = c.events().poll(1, TimeUnit.SECONDS);
            if (event instanceof ConnectionLost lost) {
                listener.onConnectionState(ConnectionState.DISCONNECTED,
                        (lost.reconnecting() ? "reconnecting (" + lost.reason() + ")" : lost.reason()));
                if (!lost.reconnecting()) {
                    c.stop();
                    return;
                }
            } else if (event instanceof Reconnected) {
                listener.onConnectionState(ConnectionState.CONNECTED, "");
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        Thread t = thread;
        if (t != null) {
            // A connection attempt in progress holds the client's lock; interrupting ends it.
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Client c = client;
        if (c != null) {
            c.stop();
        }
    }
}
