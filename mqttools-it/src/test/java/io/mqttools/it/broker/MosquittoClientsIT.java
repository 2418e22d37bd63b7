package io.mqttools.it.broker;

import static io.mqttools.it.support.MosquittoClients.STEP;
import static io.mqttools.it.support.MosquittoClients.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MosquittoClients.Received;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The broker driven by the mosquitto command-line clients, over MQTT 3.1, 3.1.1 and 5.0. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoClientsIT {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestBroker broker;

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

    /** A topic (or client id) no other test uses, so tests cannot see each other's messages. */
    private static String unique(String name, MqttVersion version) {
        return "it/" + name + "/" + version.name().toLowerCase() + "-" + IDS.incrementAndGet();
    }

    static Stream<Arguments> qosMatrix() {
        return Stream.of(MqttVersion.values()).flatMap(version -> Stream.of(0, 1, 2).flatMap(
                pub -> Stream.of(0, 1, 2).map(sub -> Arguments.of(version, pub, sub))));
    }

    @ParameterizedTest(name = "{0} publish QoS {1} to subscription QoS {2}")
    @MethodSource("qosMatrix")
    void publish_atQosToSubscriptionAtQos_deliveredOnceAtTheLowerQos(MqttVersion version, int pubQos, int subQos) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("qos", version);
        String payload = "qos " + pubQos + " to " + subQos + " over " + version;
        try (ToolProcess sub = clients.subscribe("-t", topic, "-q", Integer.toString(subQos), "-C", "1")) {
            clients.publish("-t", topic, "-q", Integer.toString(pubQos), "-m", payload);

            assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
            // 5.0 [MQTT-3.8.4-8], 3.1.1 [MQTT-3.8.4-6]: delivered at the lower of the published and the granted QoS
            int deliveredQos = Math.min(pubQos, subQos);
            assertThat(received(sub)).as(sub.describe())
                    .containsExactly(new Received(topic, deliveredQos, false, payload.length(), payload));
            // [MQTT-3.3.1-2] [MQTT-4.3.1-1] [MQTT-4.3.2-2] [MQTT-4.3.3-2] a first delivery has DUP 0
            assertThat(sub.stdout()).as(sub.describe())
                    .anyMatch(line -> line.contains("received PUBLISH (d0, q" + deliveredQos + ", r0"));
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void retainedMessage_setThenReplaced_lateSubscriberGetsTheLatestWithRetainFlag(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("retained", version);
        try (ToolProcess early = clients.subscribe("-t", topic, "-q", "1", "-C", "3")) {
            clients.publish("-t", topic, "-q", "1", "-r", "-m", "first");
            clients.publish("-t", topic, "-q", "0", "-r", "-m", "second");
            clients.publish("-t", topic, "-q", "1", "-m", "not retained");

            assertThat(early.awaitExit(STEP)).as(early.describe()).isZero();
            // 3.1.1 [MQTT-3.3.1-9], 5.0 [MQTT-3.3.1-12]: to an established subscription RETAIN is 0
            assertThat(received(early)).extracting(Received::retained).as(early.describe())
                    .containsExactly(false, false, false);
        }

        try (ToolProcess late = clients.startSubscriber("-t", topic, "-q", "1", "-C", "1")) {
            assertThat(late.awaitExit(STEP)).as(late.describe()).isZero();
            // [MQTT-3.3.1-5] a retained message replaces the earlier one and keeps its QoS (3.1.1 [MQTT-3.3.1-7]
            // also at QoS 0); a non-retained one leaves it alone (5.0 [MQTT-3.3.1-8], 3.1.1 [MQTT-3.3.1-12]);
            // a new subscription gets it with RETAIN set (3.1.1 [MQTT-3.3.1-6] [MQTT-3.3.1-8], 5.0 [MQTT-3.3.1-9])
            assertThat(received(late)).as(late.describe())
                    .containsExactly(new Received(topic, 0, true, "second".length(), "second"));
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void retainedMessage_deletedByEmptyPayload_lateSubscriberGetsNothingRetained(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("unretain", version);
        clients.publish("-t", topic, "-q", "1", "-r", "-m", "to be deleted");
        clients.publish("-t", topic, "-q", "1", "-r", "-n");

        // --retained-only prints retained messages and exits at the first live one, which we send next.
        try (ToolProcess late = clients.subscribe("-t", topic, "-q", "1", "--retained-only")) {
            clients.publish("-t", topic, "-q", "1", "-m", "live");
            assertThat(late.awaitExit(STEP)).as(late.describe()).isZero();
            // 5.0 [MQTT-3.3.1-6] [MQTT-3.3.1-7], 3.1.1 [MQTT-3.3.1-10] [MQTT-3.3.1-11]: an empty retained
            // message deletes the retained message and is not stored itself
            assertThat(received(late)).as(late.describe()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void will_subscriberKilledWithSigkill_willDelivered(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String willTopic = unique("will", version);
        try (ToolProcess watcher = clients.subscribe("-t", willTopic, "-q", "1", "-C", "1");
             ToolProcess doomed = clients.subscribe("-t", unique("idle", version), "-i", unique("doomed", version)
                     .replace('/', '-'), "--will-topic", willTopic, "--will-payload", "board gone", "--will-qos", "1")) {
            doomed.kill();

            assertThat(watcher.awaitExit(STEP)).as(watcher.describe()).isZero();
            // [MQTT-3.1.2-8] the will is published when the network connection closes without DISCONNECT
            assertThat(received(watcher)).as(watcher.describe())
                    .containsExactly(new Received(willTopic, 1, false, "board gone".length(), "board gone"));
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void will_retainedWillOfKilledClient_deliveredToLaterSubscriberWithRetainFlag(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String willTopic = unique("retainedwill", version);
        try (ToolProcess watcher = clients.subscribe("-t", willTopic, "-q", "1", "-C", "1");
             ToolProcess doomed = clients.subscribe("-t", unique("idle", version), "--will-topic", willTopic,
                     "--will-payload", "offline", "--will-qos", "1", "--will-retain")) {
            doomed.kill();
            // The watcher's copy says the will has been published; to an existing subscription RETAIN is 0.
            assertThat(watcher.awaitExit(STEP)).as(watcher.describe()).isZero();
            assertThat(received(watcher)).extracting(Received::retained).containsExactly(false);
        }
        try (ToolProcess late = clients.startSubscriber("-t", willTopic, "-q", "1", "-C", "1")) {
            assertThat(late.awaitExit(STEP)).as(late.describe()).isZero();
            // 5.0 [MQTT-3.1.2-15], 3.1.1 [MQTT-3.1.2-17]: Will Retain 1 publishes the will as a retained message
            assertThat(received(late)).as(late.describe())
                    .containsExactly(new Received(willTopic, 1, true, "offline".length(), "offline"));
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void will_clientDisconnectsNormally_willNotDelivered(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String willTopic = unique("nowill", version);
        try (ToolProcess watcher = clients.subscribe("-t", willTopic, "-q", "1", "-C", "1")) {
            // -E: subscribe, then DISCONNECT normally and exit.
            ToolProcess polite = clients.subscribe("-t", unique("idle", version), "-E",
                    "--will-topic", willTopic, "--will-payload", "must not appear", "--will-qos", "1");
            assertThat(polite.awaitExit(STEP)).as(polite.describe()).isZero();
            clients.publish("-t", willTopic, "-q", "1", "-m", "sentinel");

            assertThat(watcher.awaitExit(STEP)).as(watcher.describe()).isZero();
            // [MQTT-3.1.2-10] [MQTT-3.14.4-3] a normal DISCONNECT discards the will; the sentinel comes first
            assertThat(received(watcher)).extracting(Received::payload).as(watcher.describe())
                    .containsExactly("sentinel");
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void wildcards_plusAndHash_onlyMatchingTopicsDelivered(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String root = unique("wild", version);
        List<String> published = List.of(root + "/kitchen/temp", root + "/kitchen/fridge/temp", root + "/house",
                root + "/garden/humidity", root + "/house/attic/light", root + "/garage", root + "/hall/temp",
                root + "/houses/x", root + "/house/door");
        List<String> expected = List.of(root + "/kitchen/temp", root + "/house", root + "/house/attic/light",
                root + "/hall/temp", root + "/house/door");
        try (ToolProcess sub = clients.subscribe("-t", root + "/+/temp", "-t", root + "/house/#", "-q", "1",
                "-C", Integer.toString(expected.size()))) {
            // Both filters went in one SUBSCRIBE; 5.0 [MQTT-3.8.4-5] [MQTT-3.8.4-6], 3.1.1 [MQTT-3.8.4-4]
            // [MQTT-3.8.4-5]: one SUBACK with a granted QoS per filter, in order
            assertThat(sub.stdout()).as(sub.describe()).contains("Subscribed (mid: 1): 1, 1");
            for (String topic : published) {
                clients.publish("-t", topic, "-q", "1", "-m", "on " + topic);
            }

            assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
            // [MQTT-3.3.2-3] only topics matching a filter: '#' also matches the parent level, '+' one level.
            // Any order: each topic came from its own mosquitto_pub, and ordering is only promised per topic.
            assertThat(received(sub)).extracting(Received::topic).as(sub.describe())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void wildcards_filterStartingWithWildcard_doesNotMatchDollarTopics(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String id = unique("dollar", version).replace('/', '-');
        try (ToolProcess sub = clients.subscribe("-t", "+/" + id + "/#", "-q", "1", "-C", "1")) {
            clients.publish("-t", "$it/" + id + "/hidden", "-q", "1", "-m", "hidden");
            clients.publish("-t", "plain/" + id + "/seen", "-q", "1", "-m", "seen");

            assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
            // [MQTT-4.7.2-1] a filter starting with a wildcard does not match a topic starting with '$'
            assertThat(received(sub)).extracting(Received::payload).as(sub.describe()).containsExactly("seen");
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void publish_256KiBPayloadFromFile_deliveredIntact(MqttVersion version, @TempDir Path dir) throws IOException {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("large", version);
        String payload = printable(256 * 1024, new Random(version.ordinal()));
        Path file = Files.writeString(dir.resolve("payload.txt"), payload, StandardCharsets.US_ASCII);
        try (ToolProcess sub = clients.subscribe("-t", topic, "-q", "1", "-C", "1")) {
            clients.publish("-t", topic, "-q", "1", "-f", file.toString());

            assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
            List<Received> received = received(sub);
            assertThat(received).hasSize(1);
            assertThat(received.get(0).length()).isEqualTo(256 * 1024);
            assertThat(received.get(0).payload()).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void persistentSession_messagePublishedWhileOffline_deliveredOnReconnect(MqttVersion version) {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("offline", version);
        String clientId = topic.replace('/', '-');
        // -c: clean session off (3.1.1) / clean start off with a session that never expires (5.0); -E: then leave.
        ToolProcess first = clients.subscribe("-c", "-i", clientId, "-q", "1", "-t", topic, "-E");
        assertThat(first.awaitExit(STEP)).as(first.describe()).isZero();

        clients.publish("-t", topic, "-q", "1", "-m", "queued while offline");

        try (ToolProcess again = clients.startSubscriber("-c", "-i", clientId, "-q", "1", "-t", topic, "-C", "1")) {
            assertThat(again.awaitExit(STEP)).as(again.describe()).isZero();
            // 5.0 [MQTT-3.1.2-5] [MQTT-3.1.2-23] [MQTT-4.5.0-1], 3.1.1 [MQTT-3.1.2-4] [MQTT-3.1.2-5]: the session
            // kept the subscription and stored the QoS 1 message published while the client was away
            assertThat(received(again)).as(again.describe())
                    .containsExactly(new Received(topic, 1, false, 20, "queued while offline"));
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void publish_2000Qos1MessagesFromOnePublisher_allDeliveredInOrder(MqttVersion version, @TempDir Path dir)
            throws IOException {
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("burst", version);
        List<String> lines = numbered(2000);
        Path file = Files.write(dir.resolve("lines.txt"), lines);
        try (ToolProcess sub = clients.subscribe("-t", topic, "-q", "1", "-C", "2000")) {
            clients.publishLines(file, "-t", topic, "-q", "1");

            assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
            // [MQTT-4.6.0-5] [MQTT-4.6.0-6] one publisher, one topic, one QoS: delivered in the order sent
            assertThat(received(sub)).extracting(Received::payload).containsExactlyElementsOf(lines);
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void persistentSession_2000Qos1MessagesWhileOffline_allDeliveredInOrderOnReconnect(MqttVersion version,
            @TempDir Path dir) throws IOException {
        // mosquitto keeps 1000 queued messages by default and drops the rest; issue #3: mqttools never drops
        // an acknowledged QoS 1 message (its default queue bound is far above 2000).
        assumeTrue(broker.isMqttools(), "mosquitto drops queued QoS 1 messages beyond max_queued_messages 1000");
        MosquittoClients clients = new MosquittoClients(broker, version);
        String topic = unique("backlog", version);
        String clientId = topic.replace('/', '-');
        ToolProcess first = clients.subscribe("-c", "-i", clientId, "-q", "1", "-t", topic, "-E");
        assertThat(first.awaitExit(STEP)).as(first.describe()).isZero();
        List<String> lines = numbered(2000);

        clients.publishLines(Files.write(dir.resolve("lines.txt"), lines), "-t", topic, "-q", "1");

        try (ToolProcess again = clients.startSubscriber("-c", "-i", clientId, "-q", "1", "-t", topic, "-C", "2000")) {
            assertThat(again.awaitExit(STEP)).as(again.describe()).isZero();
            assertThat(received(again)).extracting(Received::payload).containsExactlyElementsOf(lines);
        }
    }

    private static List<String> numbered(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> String.format("msg-%05d", i)).toList();
    }

    private static String printable(int length, Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,;:-_";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
