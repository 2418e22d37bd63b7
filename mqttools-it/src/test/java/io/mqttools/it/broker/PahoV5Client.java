package io.mqttools.it.broker;

import io.mqttools.it.support.TestBroker;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Eclipse Paho mqttv5 speaking MQTT 5.0. */
final class PahoV5Client implements ThirdPartyClient {
    private final MqttClient client;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    PahoV5Client(TestBroker broker, String clientId) throws MqttException {
        client = new MqttClient("tcp://" + broker.host() + ":" + broker.port(), clientId, new MemoryPersistence());
        client.setTimeToWait(STEP.toMillis());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // Tests observe the effects of a lost connection on the broker side.
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Surfaces through the blocking calls.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                messages.add(new Message(topic, message.getPayload(), message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // publish() blocks until completion already.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // connect() blocks until CONNACK already.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication in these tests.
            }
        });
    }

    @Override
    public boolean connect(boolean cleanStart, Will will) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) STEP.toSeconds());
        options.setKeepAliveInterval(60);
        if (will != null) {
            MqttMessage message = new MqttMessage(will.payload(), will.qos(), will.retain(), null);
            options.setWill(will.topic(), message);
        }
        IMqttToken token = client.connectWithResult(options);
        return token.getSessionPresent();
    }

    @Override
    public int subscribe(String filter, int qos) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)});
        return token.getReasonCodes()[0];
    }

    @Override
    public java.util.List<Integer> unsubscribe(String filter) throws MqttException {
        // The blocking Paho 5.0 client does not hand out the UNSUBACK reason codes.
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
        return "Paho mqttv5 " + client.getClientId();
    }
}
