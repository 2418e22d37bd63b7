package io.mqttools.broker.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The pipeline of a WebSocket client connection (MQTT 5.0 chapter 6): the listener's front (byte counter,
 * [PROXY header,] [TLS]), HTTP until the upgrade,
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

    private final ListenerPipeline pipeline;

    WebSocketChannelInitializer(ListenerPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    protected void initChannel(Channel ch) {
        pipeline.addFront(ch, true); // the PROXY header, if any, comes before TLS and HTTP
        ChannelPipeline p = ch.pipeline();
        // A frame may carry several packets, so it may be larger than the largest packet; bound it anyway.
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, pipeline.services().limits().maxPacketSize() + 65_536L);
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
        pipeline.addMqtt(p, true);
    }
}
