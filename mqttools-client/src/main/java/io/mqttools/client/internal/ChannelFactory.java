package io.mqttools.client.internal;

import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.codec.MqttCodec;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Opens client channels: TCP (optionally TLS), the MQTT codec and the {@link ClientHandler}; sends the
 * CONNECT once the channel is up; installs keep-alive pings after CONNACK.
 */
final class ChannelFactory {
    private static final String IDLE = "idle";

    private final ClientSettings settings;
    private final Connector connector;
    private final SslContext sslContext;

    ChannelFactory(ClientSettings settings, Connector connector) {
        this.settings = settings;
        this.connector = connector;
        this.sslContext = settings.tls() == null ? null : sslContext(settings.tls());
    }

    /**
     * Connects and, once connected, writes the CONNECT; the returned future completes when TCP (and TLS) is up.
     *
     * @param scram the SCRAM exchange whose client-first-message the CONNECT carries, or null
     */
    ChannelFuture connect(EventLoop loop, boolean cleanStart, CompletableFuture<ConnAck> result, ScramClient scram) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.responseTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Bursts of publishes from user threads flush once per batch, not once per message.
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true));
                        if (sslContext != null) {
                            SslHandler ssl = sslContext.newHandler(ch.alloc(), settings.host(), settings.port());
                            if (settings.tls().checkHostname()) {
                                SSLEngine engine = ssl.engine();
                                SSLParameters params = engine.getSSLParameters();
                                params.setEndpointIdentificationAlgorithm("HTTPS");
                                engine.setSSLParameters(params);
                            }
                            ch.pipeline().addLast(ssl);
                        }
                        ch.pipeline().addLast(MqttCodec.NAME, new MqttCodec(MqttDecoder.Side.CLIENT, settings.version(),
                                settings.maximumPacketSize()));
                        ch.pipeline().addLast(ClientHandler.NAME, new ClientHandler(connector));
                    }
                });
        ChannelFuture f = b.connect(settings.host(), settings.port());
        f.addListener((ChannelFutureListener) cf -> {
            if (cf.isSuccess() && !result.isDone()) {
                cf.channel().writeAndFlush(connect(cleanStart, scram)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            }
        });
        return f;
    }

    private Connect connect(boolean cleanStart, ScramClient scram) {
        Properties properties = Properties.EMPTY;
        if (settings.version().isV5()) {
            Properties.Builder p = Properties.builder();
            if (settings.sessionExpiryInterval() > 0) {
                p.set(PropertyId.SESSION_EXPIRY_INTERVAL, settings.sessionExpiryInterval());
            }
            if (settings.topicAliasMaximum() > 0) {
                p.set(PropertyId.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum());
            }
            if (settings.maximumPacketSize() < MqttLimits.MAX_PACKET_SIZE) {
                p.set(PropertyId.MAXIMUM_PACKET_SIZE, settings.maximumPacketSize());
            }
            if (scram != null) {
                p.set(PropertyId.AUTHENTICATION_METHOD, ScramClient.METHOD);
                p.set(PropertyId.AUTHENTICATION_DATA, scram.clientFirst());
            }
            properties = p.build();
        }
        return new Connect(settings.version(), settings.clientId(), cleanStart, settings.keepAliveSeconds(),
                settings.username(), settings.password(), settings.will(), properties,
                settings.bridge() && !settings.version().isV5());
    }

    /** Pings when nothing was sent for the keep-alive period (the broker's Server Keep Alive wins). */
    void startKeepAlive(Channel ch, ConnAck connAck) {
        // [MQTT-3.2.2-22] the client uses the Server Keep Alive instead of its own value when the broker sends one
        long keepAlive = connAck.properties().getInt(PropertyId.SERVER_KEEP_ALIVE, settings.keepAliveSeconds());
        if (keepAlive > 0 && ch.pipeline().get(IDLE) == null) {
            ch.pipeline().addBefore(ClientHandler.NAME, IDLE, new IdleStateHandler(0, keepAlive, 0, TimeUnit.SECONDS));
        }
    }

    private static SslContext sslContext(ClientSettings.Tls tls) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (tls.caPath() != null) {
                b.trustManager(TrustedCertificates.read(tls.caFile(), tls.caPath()));
            } else if (tls.caFile() != null) {
                b.trustManager(tls.caFile().toFile());
            }
            if (!tls.protocols().isEmpty()) {
                b.protocols(tls.protocols());
            }
            if (tls.certificateFile() != null) {
                b.keyManager(tls.certificateFile().toFile(), tls.keyFile().toFile());
            }
            return b.build();
        } catch (SSLException e) {
            throw new UncheckedIOException(new IOException("Cannot set up TLS: " + e.getMessage(), e));
        }
    }
}
