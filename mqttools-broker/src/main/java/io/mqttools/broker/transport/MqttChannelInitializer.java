package io.mqttools.broker.transport;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.connection.ConnectionHandler;
import io.mqttools.broker.connection.ProtocolLevelSniffHandler;
import io.mqttools.broker.metrics.ListenerGauge;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.codec.MqttEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/** The pipeline of a client connection: byte counter, [PROXY header,] [TLS,] level sniffer, MQTT decoder and encoder, connection handler. */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    public static final String NAME = "mqttInitializer";
    private static final String TLS = "tls";

    private final BrokerServices services;
    private final Supplier<SslContext> sslContext;
    private final ListenerGauge listener;
    private final boolean identityAsUsername;
    private final boolean proxyProtocol;

    /**
     * @param sslContext         the TLS context for a secure listener (the current one, as reloaded), or null for plain TCP
     * @param listener           the listener's open-socket gauge
     * @param identityAsUsername whether the client certificate's CN replaces the CONNECT's user name
     * @param proxyProtocol      whether connections start with a PROXY protocol header (before TLS)
     */
    MqttChannelInitializer(BrokerServices services, Supplier<SslContext> sslContext, ListenerGauge listener, boolean identityAsUsername,
            boolean proxyProtocol) {
        this.services = services;
        this.sslContext = sslContext;
        this.listener = listener;
        this.identityAsUsername = identityAsUsername;
        this.proxyProtocol = proxyProtocol;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(ByteCountHandler.NAME, new ByteCountHandler(services.traffic(), listener));
        if (proxyProtocol) {
            addProxyProtocol(p);
        }
        if (sslContext != null) {
            p.addLast(TLS, sslContext.get().newHandler(ch.alloc()));
        }
        addMqtt(p, services, identityAsUsername);
    }

    /**
     * The PROXY protocol handlers, first after the byte counter: the header (v1 or v2, detected) comes
     * before anything else, the TLS handshake included; all of them remove themselves after it.
     */
    static void addProxyProtocol(ChannelPipeline p) {
        p.addLast(ProxySignatureGuard.NAME, new ProxySignatureGuard());
        p.addLast(ProxyHeaderHandler.DECODER, new HAProxyMessageDecoder());
        p.addLast(ProxyHeaderHandler.NAME, new ProxyHeaderHandler());
    }

    /** The MQTT handlers, last in a pipeline that delivers the connection's bytes (TCP, TLS or WebSocket). */
    static void addMqtt(ChannelPipeline p, BrokerServices services, boolean identityAsUsername) {
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
