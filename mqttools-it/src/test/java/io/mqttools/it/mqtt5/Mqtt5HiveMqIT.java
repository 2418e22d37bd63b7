package io.mqttools.it.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue #4 features seen by the HiveMQ MQTT Client (MQTT 5). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Mqtt5HiveMqIT {
    private RunningBroker broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).responseInformation("replies/").build().start();
    }

    @AfterEach
    void stop() {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
        broker.close();
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        clients.add(c);
        return c;
    }

    private static Mqtt5PubAckReasonCode pubAckCode(Mqtt5BlockingClient c, Mqtt5Publish p) {
        try {
            Mqtt5PublishResult r = c.publish(p);
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void requestResponse_propertiesForwardedUnchangedAndInOrder() throws Exception {
        Mqtt5BlockingClient sub = client("responder");
        Mqtt5BlockingClient pub = client("requester");
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("req/#").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic("req/1").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"q\":1}".getBytes(StandardCharsets.UTF_8))
                    .responseTopic("resp/requester").correlationData(new byte[] {1, 2, 3})
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).contentType("application/json")
                    .userProperties().add("b", "2").add("a", "1").add("b", "3").applyUserProperties()
                    .send();
            Mqtt5Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getResponseTopic().orElseThrow().toString()).isEqualTo("resp/requester");
            assertThat(got.getCorrelationData().orElseThrow()).isEqualTo(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(got.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8); // [MQTT-3.3.2-4]
            assertThat(got.getContentType().orElseThrow().toString()).isEqualTo("application/json"); // [MQTT-3.3.2-20]
            // [MQTT-3.3.2-17] [MQTT-3.3.2-18] user properties unchanged, in order, repeats kept
            assertThat(got.getUserProperties().asList()).extracting(Mqtt5UserProperty::toString)
                    .containsExactly(Mqtt5UserProperty.of("b", "2").toString(), Mqtt5UserProperty.of("a", "1").toString(),
                            Mqtt5UserProperty.of("b", "3").toString());
        }
    }

    @Test
    void responseInformation_requested_inConnAck() {
        Mqtt5ConnAck ack = client("asker").connectWith().restrictions().requestResponseInformation(true)
                .applyRestrictions().send();
        assertThat(ack.getResponseInformation().orElseThrow().toString()).isEqualTo("replies/asker");
        Mqtt5ConnAck plain = client("quiet").connect();
        assertThat(plain.getResponseInformation()).isEmpty(); // [MQTT-3.1.2-28]
    }

    @Test
    void puback_noMatchingSubscribers_0x10() {
        Mqtt5BlockingClient pub = client("p");
        pub.connect();
        Mqtt5Publish p = Mqtt5Publish.builder().topic("nobody/here").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1})
                .build();
        assertThat(pubAckCode(pub, p)).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void payloadFormat_invalidUtf8_pubAck0x99AndNotDelivered() throws Exception {
        Mqtt5BlockingClient sub = client("s");
        Mqtt5BlockingClient pub = client("p");
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("f").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish bad = Mqtt5Publish.builder().topic("f").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {(byte) 0xC0, (byte) 0xAF})
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).build();
            assertThat(pubAckCode(pub, bad)).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            Mqtt5Publish good = Mqtt5Publish.builder().topic("f").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("ok".getBytes(StandardCharsets.UTF_8))
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).build();
            assertThat(pubAckCode(pub, good)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            Mqtt5Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("ok"); // the bad one never came
        }
    }

    @Test
    void messageExpiry_remainingIntervalSentOn() throws Exception {
        Mqtt5BlockingClient sub = client("s");
        Mqtt5BlockingClient pub = client("p");
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("e").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic("e").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1})
                    .messageExpiryInterval(120).send();
            Mqtt5Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getMessageExpiryInterval().orElseThrow()).isBetween(118L, 120L); // [MQTT-3.3.2-6]
        }
    }

    @Test
    void maximumPacketSize_tooLargeForSubscriber_skippedNextDelivered() throws Exception {
        Mqtt5BlockingClient sub = client("small");
        Mqtt5BlockingClient pub = client("p");
        sub.connectWith().restrictions().maximumPacketSize(100).applyRestrictions().send();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("m").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish big = Mqtt5Publish.builder().topic("m").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[500]).build();
            // [MQTT-3.1.2-25] discarded for that subscriber as if delivered
            assertThat(pubAckCode(pub, big)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            pub.publishWith().topic("m").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {7}).send();
            Mqtt5Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(got.getPayloadAsBytes()).containsExactly(7);
            assertThat(broker.metrics().droppedTooLarge()).isEqualTo(1);
            assertThat(sub.getState().isConnected()).isTrue();
        }
    }

    @Test
    void sharedSubscription_retainedNotSentOnSubscribe_messagesSpread() throws Exception {
        Mqtt5BlockingClient m1 = client("m1");
        Mqtt5BlockingClient m2 = client("m2");
        Mqtt5BlockingClient pub = client("p");
        m1.connect();
        m2.connect();
        pub.connect();
        pub.publishWith().topic("jobs/retained").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[] {0}).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes in1 = m1.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes in2 = m2.publishes(MqttGlobalPublishFilter.ALL)) {
            m1.subscribeWith().topicFilter("$share/g/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
            m2.subscribeWith().topicFilter("$share/g/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
            for (int i = 1; i <= 4; i++) {
                pub.publishWith().topic("jobs/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {(byte) i}).send();
            }
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                seen.add((int) in1.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()[0]);
                seen.add((int) in2.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()[0]);
            }
            // each job once, none of them the retained message (4.8.2: not sent on a shared subscribe)
            assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4);
        }
    }

    @Test
    void outboundTopicAliases_clientResolvesThem() throws Exception {
        Mqtt5BlockingClient sub = client("aliased");
        Mqtt5BlockingClient pub = client("p");
        sub.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("a/#").qos(MqttQos.AT_LEAST_ONCE).send();
            List<String> topics = List.of("a/1", "a/2", "a/3", "a/1", "a/2", "a/3", "a/1");
            for (String t : topics) {
                pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(t.getBytes(StandardCharsets.UTF_8)).send();
            }
            for (String t : topics) {
                Mqtt5Publish got = in.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(got.getTopic().toString()).isEqualTo(t);
                assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(t);
            }
            assertThat(sub.getState().isConnected()).isTrue();
        }
    }

    @Test
    void sharedSubscription_memberSessionEnds_unacknowledgedGoesToAnotherMember() throws Exception {
        Mqtt5BlockingClient m1 = client("m1");
        Mqtt5BlockingClient m2 = client("m2");
        Mqtt5BlockingClient pub = client("p");
        m1.connect(); // Session Expiry 0: the session ends with the connection
        m2.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in1 = m1.publishes(MqttGlobalPublishFilter.ALL, true);
             Mqtt5BlockingClient.Mqtt5Publishes in2 = m2.publishes(MqttGlobalPublishFilter.ALL)) {
            m1.subscribeWith().topicFilter("$share/g/work").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic("work").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {42}).send();
            Mqtt5Publish held = in1.receive(10, TimeUnit.SECONDS).orElseThrow(); // never acknowledged
            assertThat(held.getPayloadAsBytes()).containsExactly(42);
            m2.subscribeWith().topicFilter("$share/g/work").qos(MqttQos.AT_LEAST_ONCE).send();
            m1.disconnect();
            // 4.8.2: the server should send it to another member once the member's session has ended
            Mqtt5Publish again = in2.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(again.getPayloadAsBytes()).containsExactly(42);
        }
    }
}
