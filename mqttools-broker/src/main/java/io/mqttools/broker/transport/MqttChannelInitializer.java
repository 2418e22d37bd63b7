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
import io.netty.handler.ssl.SslContext;

/** The pipeline of a client connection: byte counter, [TLS,] level sniffer, MQTT decoder and encoder, connection handler. */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    public static final String NAME = "mqttInitializer";
    private static final String TLS = "tls";

    private final BrokerServices services;
    private final SslContext sslContext;
    private final ListenerGauge listener;
    private final boolean identityAsUsername;

    /**
     * @param sslContext         the TLS context for a secure listener, or null for plain TCP
     * @param listener           the listener's open-socket gauge
     * @param identityAsUsername whether the client certificate's CN replaces the CONNECT's user name
     */
    MqttChannelInitializer(BrokerServices services, SslContext sslContext, ListenerGauge listener, boolean identityAsUsername) {
        this.services = services;
        this.sslContext = sslContext;
        this.listener = listener;
        this.identityAsUsername = identityAsUsername;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(ByteCountHandler.NAME, new ByteCountHandler(services.traffic(), listener));
        if (sslContext != null) {
            p.addLast(TLS, sslContext.newHandler(ch.alloc()));
        }
        addMqtt(p, services, identityAsUsername);
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
