package io.mqttools.client;

import io.mqttools.client.internal.SharedEventLoops;

/**
 * Threads that many clients share for their connections, instead of one thread per client (the
 * default): give it to {@link ClientBuilder#threads(ClientThreads)} of each client. A client keeps the
 * thread it got at {@link Client#start()} until {@link Client#stop()}; stopping a client leaves the
 * threads running. Close this after the clients: connections still open on the threads are closed.
 *
 * <pre>{@code
 * try (ClientThreads threads = ClientThreads.create(Runtime.getRuntime().availableProcessors())) {
 *     List<Client> clients = new ArrayList<>();
 *     for (int i = 0; i < 1000; i++) {
 *         Client c = Client.builder("localhost", 1883).threads(threads).build();
 *         c.start();
 *         clients.add(c);
 *     }
 *     // ...
 *     clients.forEach(Client::stop);
 * }
 * }</pre>
 *
 * <p>The {@link ClientBuilder#onMessage onMessage} hook of a client runs on its shared thread: a slow
 * hook delays every client on that thread. Thread-safe.
 */
public final class ClientThreads implements AutoCloseable {
    private final SharedEventLoops loops;

    private ClientThreads(SharedEventLoops loops) {
        this.loops = loops;
    }

    /**
     * Starts {@code threads} daemon threads named {@code mqttools-client-shared-*}.
     *
     * @throws IllegalArgumentException {@code threads} is less than 1
     */
    public static ClientThreads create(int threads) {
        return new ClientThreads(new SharedEventLoops(threads, "mqttools-client-shared"));
    }

    /** The number of threads. */
    public int threadCount() {
        return loops.threads();
    }

    /** Whether {@link #close()} was called: clients can no longer start on these threads. */
    public boolean isClosed() {
        return loops.isClosed();
    }

    /** Stops the threads (waiting up to about 5 s); clients still connected lose their connection. */
    @Override
    public void close() {
        loops.close();
    }

    SharedEventLoops loops() {
        return loops;
    }
}
