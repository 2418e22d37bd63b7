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

    /** Clients connected now (CONNACK sent, connection not ended). O(connections). */
    public int connectedCount() {
        int n = 0;
        for (ConnectionHandler c : open) {
            if (c.listed()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The clients connected now (CONNACK sent), at most {@code limit} of them, in no particular order.
     * O(connections); for the dashboard, not the message path.
     */
    public List<ConnectedClient> clients(int limit) {
        List<ConnectedClient> clients = new ArrayList<>(Math.min(limit, open.size()));
        for (ConnectionHandler c : open) {
            ConnectedClient info = c.connectedClient();
            if (info != null) {
                if (clients.size() >= limit) {
                    break;
                }
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
        for (ConnectionHandler c : open) {
            closing.add(c.shutdown());
        }
        return closing;
    }
}
