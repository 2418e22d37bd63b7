package io.mqttools.cli.bench;

import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.client.ClientThreads;
import io.mqttools.client.ConnectException;
import io.mqttools.client.ConnectionLost;
import io.mqttools.client.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The clients of one bench run on shared {@link ClientThreads}: connects them, at most
 * {@code concurrency} handshakes at a time, measuring each {@code start()} (TCP connect, CONNECT,
 * CONNACK and the subscriptions the builder holds); counts refused, failed and later lost connections;
 * stops them all on close. Counters are atomics the progress ticker reads.
 */
final class Fleet implements AutoCloseable {
    private final ClientThreads threads;
    private final ExecutorService handshakes;
    private final List<Client> connected = Collections.synchronizedList(new ArrayList<>());
    private final Latency connectLatency = new Latency();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private volatile String firstError;

    Fleet(BenchOptions options) {
        this.threads = ClientThreads.create(options.threadCount());
        this.handshakes = Executors.newFixedThreadPool(Math.min(options.concurrency, options.clients), r -> {
            Thread t = new Thread(r, "bench-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects {@code count} clients, built by {@code builders} (index → builder), and waits for all
     * attempts. {@code onConnected} runs for each connected client with its index, on a handshake thread.
     */
    void connect(int count, IntFunction<ClientBuilder> builders, Connected onConnected) throws InterruptedException {
        List<Future<?>> attempts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            attempts.add(handshakes.submit(() -> {
                connectOne(index, builders.apply(index).threads(threads), onConnected);
                return null;
            }));
        }
        for (Future<?> f : attempts) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failed.incrementAndGet();
                note(String.valueOf(e.getCause()));
            }
        }
    }

    private void connectOne(int index, ClientBuilder builder, Connected onConnected) throws InterruptedException {
        Client client = builder.build();
        long start = System.nanoTime();
        try {
            client.start();
        } catch (ConnectException e) {
            (e.reasonCode() != null ? refused : failed).incrementAndGet();
            note(e.getMessage());
            client.stop();
            return;
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            note(e.getMessage());
            client.stop();
            return;
        }
        connectLatency.record((System.nanoTime() - start) / 1000);
        connected.add(client);
        onConnected.accept(index, client);
    }

    private void note(String error) {
        if (firstError == null) {
            firstError = error;
        }
    }

    /** Counts the connections lost since the last call (their ConnectionLost events). Any one thread. */
    void pollLost() {
        synchronized (connected) {
            for (Client c : connected) {
                Event e;
                while ((e = c.events().poll()) != null) {
                    if (e instanceof ConnectionLost lostEvent) {
                        lost.incrementAndGet();
                        note(lostEvent.reason());
                    }
                }
            }
        }
    }

    int connected() {
        return connected.size();
    }

    int refused() {
        return refused.get();
    }

    int failed() {
        return failed.get();
    }

    int lost() {
        return lost.get();
    }

    int errors() {
        return refused() + failed() + lost();
    }

    /** The first error met, for the summary, or null. */
    String firstError() {
        return firstError;
    }

    Latency connectLatency() {
        return connectLatency;
    }

    /** "2 connected, 0 refused, 0 failed, 0 lost". */
    String describe() {
        pollLost();
        return connected() + " connected, " + refused() + " refused, " + failed() + " failed, " + lost() + " lost";
    }

    /** Disconnects every client (in parallel on the handshake threads), then ends the threads. */
    @Override
    public void close() throws InterruptedException {
        List<Client> all;
        synchronized (connected) {
            all = new ArrayList<>(connected);
        }
        List<Future<?>> stops = new ArrayList<>(all.size());
        for (Client c : all) {
            stops.add(handshakes.submit(c::stop));
        }
        for (Future<?> f : stops) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                note("stopping a client: " + e);
            }
        }
        handshakes.shutdownNow();
        threads.close();
    }

    /** What to do with a client once it is connected. */
    @FunctionalInterface
    interface Connected {
        void accept(int index, Client client);
    }
}
