package io.mqttools.it.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.mqttools.it.support.TestBroker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MQTT 5.0 features through the broker as the HiveMQ client uses them: publish properties forwarded as
 * sent (with the client's automatic topic aliases in play), subscription options, shared subscriptions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HiveMqV5FeaturesIT {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestBroker broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void disconnectAll() {
        for (Mqtt5BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    private Mqtt5BlockingClient connected(String name, BlockingQueue<Mqtt5Publish> inbox) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(name + "-" + IDS.incrementAndGet())
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        if (inbox != null) {
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, inbox::add);
        }
        client.connect();
        clients.add(client);
        return client;
    }

    private static Mqtt5Publish next(BlockingQueue<Mqtt5Publish> inbox) throws InterruptedException {
        Mqtt5Publish publish = inbox.poll(ThirdPartyClient.STEP.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(publish).as("a message within %s", ThirdPartyClient.STEP).isNotNull();
        return publish;
    }

    @Test
    void publish_withEveryPublishProperty_forwardedUnchangedEveryTime() throws Exception {
        BlockingQueue<Mqtt5Publish> inbox = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient subscriber = connected("props-sub", inbox);
        Mqtt5BlockingClient publisher = connected("props-pub", null);
        subscriber.subscribeWith().topicFilter("v5/props/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5UserProperties userProperties = Mqtt5UserProperties.builder()
                .add("unit", "celsius").add("sensor", "a").add("unit", "kelvin").build();

        // The same topic several times: the HiveMQ client can map a repeated topic to a topic alias when the
        // broker offers them, so the later copies may also exercise alias resolution.
        for (int i = 0; i < 5; i++) {
            publisher.publishWith().topic("v5/props/temp").payload(("21." + i).getBytes(UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).contentType("text/plain")
                    .responseTopic("v5/replies/a").correlationData(new byte[] {1, 2, 3, (byte) i})
                    .userProperties(userProperties).messageExpiryInterval(3600).send();
        }

        for (int i = 0; i < 5; i++) {
            int n = i;
            Mqtt5Publish got = next(inbox);
            assertThat(got.getTopic().toString()).isEqualTo("v5/props/temp");
            assertThat(got.getPayloadAsBytes()).isEqualTo(("21." + i).getBytes(UTF_8));
            // [MQTT-3.3.2-4] [MQTT-3.3.2-20] payload format and content type as sent
            assertThat(got.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(got.getContentType()).map(Object::toString).contains("text/plain");
            // [MQTT-3.3.2-15] [MQTT-3.3.2-16] response topic and correlation data as sent
            assertThat(got.getResponseTopic()).map(Object::toString).contains("v5/replies/a");
            assertThat(got.getCorrelationData().map(HiveMqV5FeaturesIT::bytes))
                    .hasValueSatisfying(data -> assertThat(data).containsExactly(1, 2, 3, n));
            // [MQTT-3.3.2-17] [MQTT-3.3.2-18] user properties unaltered, duplicates and order kept
            assertThat(got.getUserProperties().asList()).map(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("unit=celsius", "sensor=a", "unit=kelvin");
            // [MQTT-3.3.2-6] the expiry interval goes on, reduced by at most the time spent in the broker
            assertThat(got.getMessageExpiryInterval().orElse(-1)).isBetween(3500L, 3600L);
        }
    }

    @Test
    void subscriptionOptions_noLocalAndRetainAsPublished_honoured() throws Exception {
        BlockingQueue<Mqtt5Publish> inbox = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient client = connected("options", inbox);
        client.subscribeWith().addSubscription().topicFilter("v5/options/own").qos(MqttQos.AT_LEAST_ONCE)
                .noLocal(true).applySubscription()
                .addSubscription().topicFilter("v5/options/kept").qos(MqttQos.AT_LEAST_ONCE)
                .retainAsPublished(true).retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).applySubscription()
                .send();

        client.publishWith().topic("v5/options/own").payload("echo".getBytes(UTF_8)).qos(MqttQos.AT_LEAST_ONCE)
                .send();
        client.publishWith().topic("v5/options/kept").payload("flagged".getBytes(UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).send();

        // [MQTT-3.8.3-3] No Local: the own message on v5/options/own never comes back, so the first
        // message is the retained one, forwarded with RETAIN 1 ([MQTT-3.3.1-13] Retain As Published)
        Mqtt5Publish got = next(inbox);
        assertThat(got.getTopic().toString()).isEqualTo("v5/options/kept");
        assertThat(got.isRetain()).isTrue();
        client.publishWith().topic("v5/options/kept").retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
        assertThat(next(inbox).getPayloadAsBytes()).isEmpty();
        assertThat(inbox).isEmpty();
    }

    @Test
    void sharedSubscription_twoMembers_eachMessageToExactlyOne() throws Exception {
        BlockingQueue<Mqtt5Publish> first = new LinkedBlockingQueue<>();
        BlockingQueue<Mqtt5Publish> second = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient a = connected("share-a", first);
        Mqtt5BlockingClient b = connected("share-b", second);
        a.subscribeWith().topicFilter("$share/workers/v5/jobs").qos(MqttQos.AT_LEAST_ONCE).send();
        b.subscribeWith().topicFilter("$share/workers/v5/jobs").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient publisher = connected("share-pub", null);

        for (int i = 0; i < 20; i++) {
            publisher.publishWith().topic("v5/jobs").payload(("job " + i).getBytes(UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
        }

        Set<String> jobs = new HashSet<>();
        List<String> all = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(ThirdPartyClient.STEP).until(() -> {
            drain(first, all);
            drain(second, all);
            return all.size() >= 20;
        });
        jobs.addAll(all);
        // 4.8.2: each message of a shared subscription goes to one member only
        assertThat(all).hasSize(20);
        assertThat(jobs).hasSize(20);
    }

    private static void drain(BlockingQueue<Mqtt5Publish> inbox, List<String> into) {
        Mqtt5Publish publish;
        while ((publish = inbox.poll()) != null) {
            into.add(new String(publish.getPayloadAsBytes(), UTF_8));
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
