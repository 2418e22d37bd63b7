package io.mqttools.cli.bench;

import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.QoS;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bench publisher: keeps up to {@code window} publishes outstanding. Unpaced, each completion sends
 * the next (so the rate is what the client's and the broker's flow control allow); paced, a ticker calls
 * {@link #tick()} at the rate. Stops at {@code limit} messages, on {@link #stop()} or at the first failure;
 * {@link #done()} completes when nothing is outstanding any more. Thread-safe: publishes start on the
 * caller's thread, the ticker's or the client's event loop (completions).
 */
final class Publisher {
    private final Client client;
    private final String topic;
    private final QoS qos;
    private final int size;
    private final long limit;
    private final int window;
    private final boolean paced;
    private final Stats stats;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean stopped;

    /** The shared counters of all publishers. */
    record Stats(Meter sent, Meter failed, Latency ackLatency) {
    }

    Publisher(Client client, String topic, QoS qos, int size, long limit, int window, boolean paced, Stats stats) {
        this.client = client;
        this.topic = topic;
        this.qos = qos;
        this.size = size;
        this.limit = limit;
        this.window = window;
        this.paced = paced;
        this.stats = stats;
    }

    /** Unpaced: fills the window. */
    void start() {
        for (int i = 0; i < window; i++) {
            next();
        }
    }

    /** Paced: one message, unless the window is full (the broker is behind: this tick is skipped). */
    void tick() {
        if (outstanding.get() < window) {
            next();
        }
    }

    /** No more messages; the outstanding ones still complete. */
    void stop() {
        stopped = true;
        finishIfIdle();
    }

    CompletableFuture<Void> done() {
        return done;
    }

    private void next() {
        // Count the message outstanding before claiming its number: done() must not complete in between.
        outstanding.incrementAndGet();
        if (stopped || issued.getAndIncrement() >= limit) {
            outstanding.decrementAndGet();
            stopped = true;
            finishIfIdle();
            return;
        }
        long start = System.nanoTime();
        client.publish(Message.of(topic, Bytes.wrap(Payloads.stamped(size))).withQos(qos)).whenComplete((code, error) -> {
            if (error == null) {
                stats.sent().increment();
                if (qos != QoS.AT_MOST_ONCE) {
                    stats.ackLatency().record((System.nanoTime() - start) / 1000);
                }
            } else {
                stats.failed().increment();
                stopped = true;
            }
            outstanding.decrementAndGet();
            if (!paced && !stopped) {
                next();
            } else {
                finishIfIdle();
            }
        });
    }

    private void finishIfIdle() {
        if (stopped && outstanding.get() == 0) {
            done.complete(null);
        }
    }
}
