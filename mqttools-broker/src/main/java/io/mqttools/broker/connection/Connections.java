package io.mqttools.broker.connection;

import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections, for the connection limit and for shutdown. Thread-safe (a concurrent set). */
public final class Connections {
    private final Set<ConnectionHandler> open = ConcurrentHashMap.newKeySet();

    void add(ConnectionHandler connection) {
        open.add(connection);
    }

    void remove(ConnectionHandler connection) {
        open.remove(connection);
    }

    /** Connections open now, handshake done or not. */
    public int count() {
        return open.size();
    }

    /**
     * Closes every connection as a server shutdown: DISCONNECT 0x8B to 5.0 clients, wills published
     * where due. Returns the futures of the channels' closing.
     */
    public List<Future<?>> shutdown() {
        List<Future<?>> closing = new ArrayList<>();
        for (ConnectionHandler c : open) {
            closing.add(c.shutdown());
        }
        return closing;
    }
}
