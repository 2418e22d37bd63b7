package io.mqttools.broker.dashboard;

/**
 * A WebSocket listener the dashboard's test client may connect to.
 *
 * @param port its bound port
 * @param tls  whether it takes {@code wss://}
 */
public record WebSocketEndpoint(int port, boolean tls) {
}
