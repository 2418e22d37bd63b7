package io.mqttools.it.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import io.mqttools.it.support.TestBroker;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The HiveMQ MQTT Client speaking MQTT 5.0. */
final class HiveMqV5Client implements ThirdPartyClient {
    private final Mqtt5BlockingClient client;
    private final String clientId;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    HiveMqV5Client(TestBroker broker, String clientId) {
        this.clientId = clientId;
        client = Mqtt5Client.builder().identifier(clientId).serverHost(broker.host()).serverPort(broker.port())
                .buildBlocking();
        // Registered before connecting, so that messages queued in a resumed session are seen too.
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> messages.add(new Message(
                publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain())));
    }

    @Override
    public boolean connect(boolean cleanStart, Will will) {
        Mqtt5ConnectBuilder.Send<com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck> connect =
                client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(cleanStart ? 0 : 3600)
                        .keepAlive(60);
        if (will != null) {
            connect = connect.willPublish().topic(will.topic()).payload(will.payload())
                    .qos(MqttQos.fromCode(will.qos())).retain(will.retain()).applyWillPublish();
        }
        return connect.send().isSessionPresent();
    }

    @Override
    public int subscribe(String filter, int qos) {
        Mqtt5SubAck ack = client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        return ack.getReasonCodes().get(0).getCode();
    }

    @Override
    public java.util.List<Integer> unsubscribe(String filter) {
        return client.unsubscribeWith().topicFilter(filter).send().getReasonCodes().stream()
                .map(code -> code.getCode()).toList();
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
        // The HiveMQ client cannot drop a connection silently; 5.0 lets it ask for the will explicitly.
        client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
    }

    @Override
    public void close() {
        if (client.getState().isConnectedOrReconnect()) {
            client.disconnect();
        }
    }

    @Override
    public String toString() {
        return "HiveMQ 5.0 " + clientId;
    }
}
