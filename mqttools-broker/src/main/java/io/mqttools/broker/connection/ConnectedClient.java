package io.mqttools.broker.connection;

import java.util.Objects;

/**
 * A connected client as the dashboard lists it: fixed at its CONNACK, so that listing the clients reads
 * one immutable record per connection and nothing confined to its event loop.
 *
 * @param clientId        the client identifier (assigned by the broker if the client sent none)
 * @param address         the client's address (from a PROXY header when there was one)
 * @param protocol        "5.0", "3.1.1" or "3.1"
 * @param username        the CONNECT's user name, or null
 * @param keepAlive       the keep alive in force, in seconds (0: none)
 * @param cleanStart      the CONNECT's Clean Start (Clean Session in 3.1.1)
 * @param localPort       the broker port it connected to
 * @param webSocket       whether it came over a WebSocket listener
 * @param connectedMillis when its CONNACK was sent (epoch milliseconds)
 */
public record ConnectedClient(String clientId, String address, String protocol, String username, int keepAlive,
                              boolean cleanStart, int localPort, boolean webSocket, long connectedMillis) {
    public ConnectedClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
    }
}
