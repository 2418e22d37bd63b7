package io.mqttools.broker.config;

import java.util.Objects;

/**
 * One network listener: where it binds, which protocol it speaks and whether it uses TLS.
 *
 * @param host     the address or host name to bind, or null for every interface (IPv4 and IPv6)
 * @param port     the port (0 = a free one, see {@code RunningBroker.ports()})
 * @param protocol MQTT over TCP or MQTT over WebSockets
 * @param tls      the TLS settings, or null for a plain listener
 * @param proxyProtocol whether every connection starts with a PROXY protocol header (v1 text or v2 binary,
 *                 detected), sent by a load balancer before the MQTT (or TLS, or HTTP) bytes; the header's
 *                 source address is then the client's address
 * @param security who may connect on this listener and what they may do, or null for the broker's
 *                 {@link SecurityConfig} (mosquitto's {@code per_listener_settings true} gives each listener its own)
 */
public record Listener(String host, int port, Protocol protocol, TlsConfig tls, boolean proxyProtocol,
                       SecurityConfig security) {
    /** What a listener speaks above TCP (and TLS). */
    public enum Protocol {
        /** MQTT packets straight on the TCP stream. */
        MQTT,
        /** MQTT packets in binary WebSocket frames, after an HTTP upgrade (MQTT 5.0 chapter 6). */
        WEBSOCKETS
    }

    public Listener {
        Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (host != null && host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
    }

    /** A listener without the PROXY protocol. */
    public Listener(String host, int port, Protocol protocol, TlsConfig tls) {
        this(host, port, protocol, tls, false);
    }

    /** A listener that follows the broker's security settings. */
    public Listener(String host, int port, Protocol protocol, TlsConfig tls, boolean proxyProtocol) {
        this(host, port, protocol, tls, proxyProtocol, null);
    }

    /** A plain MQTT listener. */
    public static Listener mqtt(String host, int port) {
        return new Listener(host, port, Protocol.MQTT, null);
    }

    /** A plain WebSocket listener. */
    public static Listener websockets(String host, int port) {
        return new Listener(host, port, Protocol.WEBSOCKETS, null);
    }

    public boolean secure() {
        return tls != null;
    }

    /** The same listener on another port. */
    public Listener withPort(int value) {
        return new Listener(host, value, protocol, tls, proxyProtocol, security);
    }

    /** The same listener on another address (null for every interface). */
    public Listener withHost(String value) {
        return new Listener(value, port, protocol, tls, proxyProtocol, security);
    }

    /** The same listener with connections that do (or do not) start with a PROXY protocol header. */
    public Listener withProxyProtocol(boolean value) {
        return new Listener(host, port, protocol, tls, value, security);
    }

    /** The same listener with security settings of its own (null: the broker's). */
    public Listener withSecurity(SecurityConfig value) {
        return new Listener(host, port, protocol, tls, proxyProtocol, value);
    }

    /** How logs and errors name it: {@code mqtt://127.0.0.1:1883}, {@code wss://*:8081}, {@code mqtt://*:1883 (PROXY protocol)}. */
    @Override
    public String toString() {
        String scheme = protocol == Protocol.MQTT ? (secure() ? "mqtts" : "mqtt") : (secure() ? "wss" : "ws");
        return scheme + "://" + (host == null ? "*" : host) + ":" + port + (proxyProtocol ? " (PROXY protocol)" : "")
                + (security != null ? " (own security settings)" : "");
    }
}
