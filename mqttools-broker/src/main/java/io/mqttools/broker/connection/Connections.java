package io.mqttools.broker.connection;

import io.mqttools.broker.session.WakeBatch;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections, for the connection limit, the dashboard and shutdown. Thread-safe: a list threaded
 * through the handlers themselves ({@link ConnectionHandler#previousOpen}, {@link ConnectionHandler#nextOpen})
 * under one lock, taken once when a connection opens and once when it closes, never per message. A
 * concurrent set cost a 32-byte node and a table slot per connection; the links cost 8 bytes.
 */
public final class Connections {
    private final Object lock = new Object();
    /** What the connections of one event loop share, made when its first connection opens. */
    private final Map<EventExecutor, PerLoop> loops = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}: the most recently opened connection, or null. */
    private ConnectionHandler newest;
    /** Guarded by {@link #lock}. */
    private int size;

    /**
     * The keep-alive timeouts and the wake-up batch of an event loop's connections; called once per
     * connection. One batch serves the loop: its connections' read batches run one after the other, and
     * each is flushed at its end, after the loop's store writes are committed.
     */
    record PerLoop(KeepAliveWheel wheel, WakeBatch wakes) {
    }

    PerLoop perLoop(EventExecutor loop) {
        return loops.computeIfAbsent(loop, l -> new PerLoop(new KeepAliveWheel(l), new WakeBatch(l)));
    }

    void add(ConnectionHandler connection) {
        synchronized (lock) {
            if (connection.nextOpen != null || connection.previousOpen != null || newest == connection) {
                return; // already in the list
            }
            connection.previousOpen = newest;
            if (newest != null) {
                newest.nextOpen = connection;
            }
            newest = connection;
            size++;
        }
    }

    void remove(ConnectionHandler connection) {
        synchronized (lock) {
            if (connection.nextOpen == null && connection.previousOpen == null && newest != connection) {
                return; // not in the list (never added, or removed already)
            }
            if (connection.nextOpen != null) {
                connection.nextOpen.previousOpen = connection.previousOpen;
            } else {
                newest = connection.previousOpen;
            }
            if (connection.previousOpen != null) {
                connection.previousOpen.nextOpen = connection.nextOpen;
            }
            connection.previousOpen = null;
            connection.nextOpen = null;
            size--;
        }
    }

    /** The open connections now, newest first: a copy, so that callers work outside the lock. */
    private List<ConnectionHandler> snapshot() {
        synchronized (lock) {
            List<ConnectionHandler> all = new ArrayList<>(size);
            for (ConnectionHandler c = newest; c != null; c = c.previousOpen) {
                all.add(c);
            }
            return all;
        }
    }

    /** Connections open now, handshake done or not. */
    public int count() {
        synchronized (lock) {
            return size;
        }
    }

    /** Clients connected now (CONNACK sent, connection not ended). O(connections). */
    public int connectedCount() {
        synchronized (lock) { // listed() only reads a volatile field: counted in place, no copy
            int n = 0;
            for (ConnectionHandler c = newest; c != null; c = c.previousOpen) {
                if (c.listed()) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * The clients connected now (CONNACK sent), at most {@code limit} of them, newest first. The lock is held
     * only to pick them (a volatile read each, stopping at the limit); their records are made outside it.
     * For the dashboard, not the message path.
     */
    public List<ConnectedClient> clients(int limit) {
        List<ConnectionHandler> listed = new ArrayList<>();
        synchronized (lock) {
            for (ConnectionHandler c = newest; c != null && listed.size() < limit; c = c.previousOpen) {
                if (c.listed()) {
                    listed.add(c);
                }
            }
        }
        List<ConnectedClient> clients = new ArrayList<>(listed.size());
        for (ConnectionHandler c : listed) {
            ConnectedClient info = c.connectedClient(); // null if it ended since it was picked
            if (info != null) {
                clients.add(info);
            }
        }
        return clients;
    }

    /**
     * Closes every connection as a server shutdown: DISCONNECT 0x8B to 5.0 clients, wills published
     * where due. Returns the futures of the channels' closing.
     */
    public List<Future<?>> shutdown() {
        List<Future<?>> closing = new ArrayList<>();
        for (ConnectionHandler c : snapshot()) {
            closing.add(c.shutdown());
        }
        return closing;
    }
}
