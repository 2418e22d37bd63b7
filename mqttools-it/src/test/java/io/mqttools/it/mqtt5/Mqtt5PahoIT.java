package io.mqttools.it.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue #4 features seen by Eclipse Paho Java (MQTT 5). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Mqtt5PahoIT {
    private static final long WAIT = 10_000;

    private RunningBroker broker;
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    /** A client and the messages it receives. */
    private record Peer(MqttAsyncClient client, BlockingQueue<MqttMessage> messages, BlockingQueue<String> topics,
                        IMqttToken connect) {
        MqttMessage next() throws InterruptedException {
            MqttMessage m = messages.poll(WAIT, TimeUnit.MILLISECONDS);
            assertThat(m).as("a message within %d ms", WAIT).isNotNull();
            return m;
        }
    }

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).responseInformation("replies/").build().start();
    }

    @AfterEach
    void stop() throws MqttException {
        for (MqttAsyncClient c : clients) {
            if (c.isConnected()) {
                c.disconnect().waitForCompletion(WAIT);
            }
            c.close();
        }
        broker.close();
    }

    private Peer connect(String id, MqttConnectionOptions options) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + broker.port(), id, new MemoryPersistence());
        clients.add(c);
        BlockingQueue<MqttMessage> messages = new LinkedBlockingQueue<>();
        BlockingQueue<String> topics = new LinkedBlockingQueue<>();
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                topics.add(topic);
                messages.add(message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        IMqttToken token = c.connect(options);
        token.waitForCompletion(WAIT);
        return new Peer(c, messages, topics, token);
    }

    private Peer connect(String id) throws MqttException {
        return connect(id, new MqttConnectionOptions());
    }

    /** The PUBACK's reason code (Paho reports error codes as an exception). */
    private static int publishQos1(MqttAsyncClient c, String topic, MqttMessage m) throws MqttException {
        m.setQos(1);
        try {
            IMqttToken t = c.publish(topic, m);
            t.waitForCompletion(WAIT);
            return t.getReasonCodes() == null || t.getReasonCodes().length == 0 ? 0 : t.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    @Test
    void requestResponse_propertiesForwardedUnchangedAndInOrder() throws Exception {
        Peer sub = connect("responder");
        Peer pub = connect("requester");
        sub.client().subscribe("req/#", 1).waitForCompletion(WAIT);
        MqttMessage request = new MqttMessage("{\"q\":1}".getBytes(StandardCharsets.UTF_8));
        MqttProperties p = new MqttProperties();
        p.setResponseTopic("resp/requester");
        p.setCorrelationData(new byte[] {9, 8, 7});
        p.setPayloadFormat(true);
        p.setContentType("application/json");
        p.setUserProperties(List.of(new UserProperty("z", "1"), new UserProperty("a", "2"), new UserProperty("z", "3")));
        request.setProperties(p);
        publishQos1(pub.client(), "req/1", request);
        MqttProperties got = sub.next().getProperties();
        assertThat(got.getResponseTopic()).isEqualTo("resp/requester");
        assertThat(got.getCorrelationData()).containsExactly(9, 8, 7);
        assertThat(got.getPayloadFormat()).isTrue(); // [MQTT-3.3.2-4]
        assertThat(got.getContentType()).isEqualTo("application/json"); // [MQTT-3.3.2-20]
        // [MQTT-3.3.2-17] [MQTT-3.3.2-18] unchanged and in order
        assertThat(got.getUserProperties()).extracting(u -> u.getKey() + "=" + u.getValue())
                .containsExactly("z=1", "a=2", "z=3");
    }

    @Test
    void responseInformation_requested_inConnAck() throws Exception {
        MqttConnectionOptions asks = new MqttConnectionOptions();
        asks.setRequestResponseInfo(true);
        assertThat(connect("asker", asks).connect().getResponseProperties().getResponseInfo())
                .isEqualTo("replies/asker");
        assertThat(connect("quiet").connect().getResponseProperties().getResponseInfo()).isNull(); // [MQTT-3.1.2-28]
    }

    @Test
    void puback_noMatchingSubscribers_0x10() throws Exception {
        Peer pub = connect("p");
        assertThat(publishQos1(pub.client(), "nobody", new MqttMessage(new byte[] {1}))).isEqualTo(0x10);
    }

    @Test
    void payloadFormat_invalidUtf8_pubAck0x99AndNotDelivered() throws Exception {
        Peer sub = connect("s");
        Peer pub = connect("p");
        sub.client().subscribe("f", 1).waitForCompletion(WAIT);
        MqttMessage bad = new MqttMessage(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // an encoded surrogate
        MqttProperties utf8 = new MqttProperties();
        utf8.setPayloadFormat(true);
        bad.setProperties(utf8);
        assertThat(publishQos1(pub.client(), "f", bad)).isEqualTo(0x99);
        MqttMessage good = new MqttMessage("fine".getBytes(StandardCharsets.UTF_8));
        MqttProperties utf8Again = new MqttProperties();
        utf8Again.setPayloadFormat(true);
        good.setProperties(utf8Again);
        assertThat(publishQos1(pub.client(), "f", good)).isZero();
        assertThat(new String(sub.next().getPayload(), StandardCharsets.UTF_8)).isEqualTo("fine");
    }

    @Test
    void subscriptionIdentifiers_overlapping_allReturned() throws Exception {
        Peer sub = connect("s");
        Peer pub = connect("p");
        MqttProperties id7 = new MqttProperties();
        id7.setSubscriptionIdentifier(7);
        sub.client().subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {new org.eclipse.paho.mqttv5.common.MqttSubscription("a/+", 1)}, null, null, id7)
                .waitForCompletion(WAIT);
        MqttProperties id9 = new MqttProperties();
        id9.setSubscriptionIdentifier(9);
        sub.client().subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {new org.eclipse.paho.mqttv5.common.MqttSubscription("a/#", 1)}, null, null, id9)
                .waitForCompletion(WAIT);
        publishQos1(pub.client(), "a/b", new MqttMessage(new byte[] {1}));
        assertThat(sub.next().getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(7, 9);
    }

    @Test
    void messageExpiry_remainingIntervalSentOn() throws Exception {
        Peer sub = connect("s");
        Peer pub = connect("p");
        sub.client().subscribe("e", 1).waitForCompletion(WAIT);
        MqttMessage m = new MqttMessage(new byte[] {1});
        MqttProperties p = new MqttProperties();
        p.setMessageExpiryInterval(60L);
        m.setProperties(p);
        publishQos1(pub.client(), "e", m);
        assertThat(sub.next().getProperties().getMessageExpiryInterval()).isBetween(58L, 60L); // [MQTT-3.3.2-6]
    }

    @Test
    void maximumPacketSize_tooLargeForSubscriber_skippedNextDelivered() throws Exception {
        MqttConnectionOptions small = new MqttConnectionOptions();
        small.setMaximumPacketSize(100L);
        Peer sub = connect("small", small);
        Peer pub = connect("p");
        sub.client().subscribe("m", 1).waitForCompletion(WAIT);
        assertThat(publishQos1(pub.client(), "m", new MqttMessage(new byte[500]))).isZero(); // [MQTT-3.1.2-25]
        publishQos1(pub.client(), "m", new MqttMessage(new byte[] {7}));
        assertThat(sub.next().getPayload()).containsExactly(7);
        assertThat(broker.metrics().droppedTooLarge()).isEqualTo(1);
        assertThat(sub.client().isConnected()).isTrue();
    }

    @Test
    void outboundTopicAliases_clientResolvesThem() throws Exception {
        MqttConnectionOptions aliases = new MqttConnectionOptions();
        aliases.setTopicAliasMaximum(2);
        Peer sub = connect("aliased", aliases);
        Peer pub = connect("p");
        sub.client().subscribe("a/#", 1).waitForCompletion(WAIT);
        List<String> sent = List.of("a/1", "a/2", "a/3", "a/1", "a/2", "a/3", "a/1");
        for (String t : sent) {
            publishQos1(pub.client(), t, new MqttMessage(t.getBytes(StandardCharsets.UTF_8)));
        }
        for (String t : sent) {
            assertThat(new String(sub.next().getPayload(), StandardCharsets.UTF_8)).isEqualTo(t); // all, in order
            String topic = sub.topics().poll();
            // Paho 1.2.5 hands an aliased message to the callback with the empty topic it arrived with
            // (eclipse-paho/paho.mqtt.java#866); the topics it does report must be right
            if (!topic.isEmpty()) {
                assertThat(topic).isEqualTo(t);
            }
        }
        assertThat(sub.client().isConnected()).isTrue();
    }

    @Test
    void sharedSubscription_memberSessionEnds_unacknowledgedGoesToAnotherMember() throws Exception {
        Peer m1 = connect("m1"); // Session Expiry 0: the session ends with the connection
        m1.client().setManualAcks(true); // and never acknowledges
        Peer m2 = connect("m2");
        Peer pub = connect("p");
        m1.client().subscribe("$share/g/work", 1).waitForCompletion(WAIT);
        publishQos1(pub.client(), "work", new MqttMessage(new byte[] {42}));
        assertThat(m1.next().getPayload()).containsExactly(42);
        m2.client().subscribe("$share/g/work", 1).waitForCompletion(WAIT);
        m1.client().disconnect().waitForCompletion(WAIT);
        assertThat(m2.next().getPayload()).containsExactly(42); // 4.8.2: sent to another member
    }
}
