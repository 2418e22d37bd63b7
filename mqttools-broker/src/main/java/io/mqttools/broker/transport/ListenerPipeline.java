package io.mqttools.broker.transport;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.connection.ConnectionHandler;
import io.mqttools.broker.metrics.ListenerGauge;
import io.mqttools.protocol.codec.MqttCodec;
import io.mqttools.protocol.codec.MqttDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * What every client pipeline of one listener starts and ends with, whatever carries MQTT between: the byte
 * counter, [the PROXY protocol header,] [TLS,] ... then the MQTT codec, [the certificate user name,] and the
 * connection handler. Used by {@link MqttChannelInitializer} (nothing between) and
 * {@link WebSocketChannelInitializer} (HTTP and WebSocket frames between). A plain TCP pipeline is the
 * codec and the connection handler alone: with nothing between it and the socket the codec counts the
 * bytes itself ({@link CountingMqttCodec}), one handler fewer for each of many idle connections.
 *
 * @param services           the services of the listener's connections
 * @param sslContext         the TLS context (the current one, as reloaded), or null for a plain listener
 * @param gauge              the listener's open-socket gauge
 * @param identityAsUsername whether the client certificate's CN replaces the CONNECT's user name
 * @param proxyProtocol      whether connections start with a PROXY protocol header (before TLS)
 */
record ListenerPipeline(BrokerServices services, Supplier<SslContext> sslContext, ListenerGauge gauge,
                        boolean identityAsUsername, boolean proxyProtocol) {
    private static final String TLS = "tls";

    /**
     * Whether the MQTT codec reads and writes the socket's own bytes, and so counts them: no PROXY header,
     * no TLS and no WebSocket frames between.
     */
    private boolean codecOnWire(boolean webSocket) {
        return !webSocket && !proxyProtocol && sslContext == null;
    }

    /**
     * The front: bytes on the wire are counted first (unless the codec counts them), then the PROXY header
     * (before TLS), then TLS.
     *
     * @param webSocket whether WebSocket frames will carry MQTT
     */
    void addFront(Channel ch, boolean webSocket) {
        ChannelPipeline p = ch.pipeline();
        if (!codecOnWire(webSocket)) {
            p.addLast(ByteCountHandler.NAME, new ByteCountHandler(services.traffic(), gauge));
        }
        if (proxyProtocol) {
            addProxyProtocol(p);
        }
        if (sslContext != null) {
            p.addLast(TLS, sslContext.get().newHandler(ch.alloc()));
        }
    }

    /**
     * The PROXY protocol handlers: the header (v1 or v2, detected) comes before anything else, the TLS
     * handshake included; all three remove themselves after it.
     */
    static void addProxyProtocol(ChannelPipeline p) {
        p.addLast(ProxySignatureGuard.NAME, new ProxySignatureGuard());
        p.addLast(ProxyHeaderHandler.DECODER, new HAProxyMessageDecoder());
        p.addLast(ProxyHeaderHandler.NAME, new ProxyHeaderHandler());
    }

    /**
     * The MQTT handlers, last in a pipeline that delivers the connection's bytes (TCP, TLS or WebSocket).
     *
     * @param webSocket whether WebSocket frames carry MQTT, as given to {@link #addFront}
     */
    void addMqtt(ChannelPipeline p, boolean webSocket) {
        int maxPacketSize = services.limits().maxPacketSize();
        p.addLast(MqttCodec.NAME, codecOnWire(webSocket)
                ? new CountingMqttCodec(maxPacketSize, services.traffic(), gauge)
                : new MqttCodec(MqttDecoder.Side.SERVER, null, maxPacketSize));
        if (identityAsUsername) {
            p.addLast(CertificateUsernameHandler.NAME, new CertificateUsernameHandler());
        }
        p.addLast(ConnectionHandler.NAME, new ConnectionHandler(services));
    }
}
