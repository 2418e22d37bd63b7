package io.mqttools.broker.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** The pipeline of an MQTT-over-TCP (or TLS) connection: the listener's front, then the MQTT handlers. */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    public static final String NAME = "mqttInitializer";

    private final ListenerPipeline pipeline;

    MqttChannelInitializer(ListenerPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    protected void initChannel(Channel ch) {
        pipeline.addFront(ch, false);
        pipeline.addMqtt(ch.pipeline(), false);
    }
}
