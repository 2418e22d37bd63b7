package io.mqttools.it.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import io.mqttools.it.support.TestBroker;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The HiveMQ MQTT Client speaking MQTT 3.1.1. */
final class HiveMqV3Client implements ThirdPartyClient {
    private final Mqtt3BlockingClient client;
    private final String clientId;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    HiveMqV3Client(TestBroker broker, String clientId) {
        this.clientId = clientId;
        client = Mqtt3Client.builder().identifier(clientId).serverHost(broker.host()).serverPort(broker.port())
                .buildBlocking();
        // Registered before connecting, so that messages queued in a resumed session are seen too.
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> messages.add(new Message(
                publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain())));
    }

    @Override
    public boolean connect(boolean cleanStart, Will will) {
        Mqtt3ConnectBuilder.Send<Mqtt3ConnAck> connect = client.connectWith().cleanSession(cleanStart).keepAlive(60);
        if (will != null) {
            connect = connect.willPublish().topic(will.topic()).payload(will.payload())
                    .qos(MqttQos.fromCode(will.qos())).retain(will.retain()).applyWillPublish();
        }
        return connect.send().isSessionPresent();
    }

    @Override
    public int subscribe(String filter, int qos) {
        Mqtt3SubAck ack = client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        return ack.getReturnCodes().get(0).getCode();
    }

    @Override
    public java.util.List<Integer> unsubscribe(String filter) {
        client.unsubscribeWith().topicFilter(filter).send();
        return java.util.List.of();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send();
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public BlockingQueue<Message> messages() {
        return messages;
    }

    @Override
    public void disconnect() {
        client.disconnect();
    }

    @Override
    public void dropConnection() {
        throw new UnsupportedOperationException("the HiveMQ 3.1.1 client has no way to end a connection abnormally");
    }

    @Override
    public void close() {
        if (client.getState().isConnectedOrReconnect()) {
            client.disconnect();
        }
    }

    @Override
    public String toString() {
        return "HiveMQ 3.1.1 " + clientId;
    }
}
