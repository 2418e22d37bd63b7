package io.mqttools.broker.transport;

import io.mqttools.broker.connection.BrokerServices;
import io.mqttools.broker.metrics.ListenerGauge;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * The pipeline of a WebSocket client connection (MQTT 5.0 chapter 6): [TLS,] HTTP until the upgrade,
 * then WebSocket frames whose binary payloads are the MQTT byte stream, and the usual MQTT handlers.
 * The upgrade is accepted on any path, as mosquitto does, with the subprotocol {@code mqtt} (or
 * {@code mqttv3.1}, what MQTT 3.1 clients offer); see {@link WebSocketUpgradeGuardHandler}.
 */
final class WebSocketChannelInitializer extends ChannelInitializer<Channel> {
    public static final String NAME = "webSocketInitializer";
    /** The subprotocols accepted, in order of preference. [MQTT-6.0.0-4] the server selects "mqtt". */
    static final String SUBPROTOCOLS = "mqtt,mqttv3.1";
    /** The handshake request is small; a larger one is refused. */
    private static final int MAX_HANDSHAKE = 8192;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final BrokerServices services;
    private final Supplier<SslContext> sslContext;
    private final ListenerGauge listener;
    private final boolean identityAsUsername;
    private final boolean proxyProtocol;

    /**
     * @param sslContext         the TLS context for secure WebSockets (the current one, as reloaded), or null for plain ones
     * @param listener           the listener's open-socket gauge
     * @param identityAsUsername whether the client certificate's CN replaces the CONNECT's user name
     * @param proxyProtocol      whether connections start with a PROXY protocol header (before TLS)
     */
    WebSocketChannelInitializer(BrokerServices services, Supplier<SslContext> sslContext, ListenerGauge listener, boolean identityAsUsername,
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
        p.addLast(ByteCountHandler.NAME, new ByteCountHandler(services.traffic(), listener)); // bytes on the wire
        if (proxyProtocol) {
            MqttChannelInitializer.addProxyProtocol(p); // the header comes before TLS and HTTP
        }
        if (sslContext != null) {
            p.addLast("tls", sslContext.get().newHandler(ch.alloc()));
        }
        // A frame may carry several packets, so it may be larger than the largest packet; bound it anyway.
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, services.limits().maxPacketSize() + 65_536L);
        p.addLast("http", new HttpServerCodec());
        p.addLast("httpAggregator", new HttpObjectAggregator(MAX_HANDSHAKE));
        p.addLast(WebSocketUpgradeGuardHandler.NAME, new WebSocketUpgradeGuardHandler());
        p.addLast("webSocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true) // any path
                .subprotocols(SUBPROTOCOLS)
                .maxFramePayloadLength(maxFrame)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .dropPongFrames(true)
                .withUTF8Validator(false) // a text frame closes the connection anyway (WebSocketFrameDecoder)
                .build()));
        p.addLast(WebSocketFrameDecoder.NAME, new WebSocketFrameDecoder());
        p.addLast(WebSocketFrameEncoder.NAME, new WebSocketFrameEncoder());
        MqttChannelInitializer.addMqtt(p, services, identityAsUsername);
    }
}
