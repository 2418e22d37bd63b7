package io.mqttools.it.broker;

import io.mqttools.it.support.TestBroker;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho mqttv3 speaking MQTT 3.1.1. */
final class PahoV3Client implements ThirdPartyClient {
    private final MqttClient client;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    PahoV3Client(TestBroker broker, String clientId) throws MqttException {
        client = new MqttClient("tcp://" + broker.host() + ":" + broker.port(), clientId, new MemoryPersistence());
        client.setTimeToWait(STEP.toMillis());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // Tests observe the effects of a lost connection on the broker side.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                messages.add(new Message(topic, message.getPayload(), message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publish() blocks until completion already.
            }
        });
    }

    @Override
    public boolean connect(boolean cleanStart, Will will) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanStart);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) STEP.toSeconds());
        options.setKeepAliveInterval(60);
        if (will != null) {
            options.setWill(will.topic(), will.payload(), will.qos(), will.retain());
        }
        IMqttToken token = client.connectWithResult(options);
        return token.getSessionPresent();
    }

    @Override
    public int subscribe(String filter, int qos) throws MqttException {
        IMqttToken token = client.subscribeWithResponse(filter, qos);
        return token.getGrantedQos()[0];
    }

    @Override
    public java.util.List<Integer> unsubscribe(String filter) throws MqttException {
        client.unsubscribe(filter);
        return java.util.List.of();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) throws MqttException {
        client.publish(topic, payload, qos, retain);
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public BlockingQueue<Message> messages() {
        return messages;
    }

    @Override
    public void disconnect() throws MqttException {
        client.disconnect();
    }

    @Override
    public void dropConnection() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close(true);
        } catch (MqttException e) {
            // Already gone: nothing left to release.
        }
    }

    @Override
    public String toString() {
        return "Paho mqttv3 " + client.getClientId();
    }
}
