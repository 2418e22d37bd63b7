package io.mqttools.broker.transport;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.connection.ConnectionHandler;
import io.mqttools.broker.connection.ProtocolLevelSniffHandler;
import io.mqttools.broker.metrics.ListenerGauge;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.codec.MqttEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * What every client pipeline of one listener starts and ends with, whatever carries MQTT between: the byte
 * counter, [the PROXY protocol header,] [TLS,] ... then the level sniffer, the MQTT decoder and encoder,
 * [the certificate user name,] and the connection handler. Used by {@link MqttChannelInitializer} (nothing
 * between) and {@link WebSocketChannelInitializer} (HTTP and WebSocket frames between).
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

    /** The front: bytes on the wire are counted first, then the PROXY header (before TLS), then TLS. */
    void addFront(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(ByteCountHandler.NAME, new ByteCountHandler(services.traffic(), gauge));
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

    /** The MQTT handlers, last in a pipeline that delivers the connection's bytes (TCP, TLS or WebSocket). */
    void addMqtt(ChannelPipeline p) {
        ProtocolLevelSniffHandler sniffer = new ProtocolLevelSniffHandler();
        p.addLast(ProtocolLevelSniffHandler.NAME, sniffer);
        p.addLast(MqttDecoder.NAME, new MqttDecoder(null, services.limits().maxPacketSize()));
        p.addLast(MqttEncoder.NAME, new MqttEncoder(null));
        if (identityAsUsername) {
            p.addLast(CertificateUsernameHandler.NAME, new CertificateUsernameHandler());
        }
        p.addLast(ConnectionHandler.NAME, new ConnectionHandler(services, sniffer));
    }
}
