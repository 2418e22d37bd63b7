package io.mqttools.it.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqttools.it.broker.ThirdPartyClient.Kind;
import io.mqttools.it.broker.ThirdPartyClient.Message;
import io.mqttools.it.broker.ThirdPartyClient.Will;
import io.mqttools.it.support.TestBroker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broker with Eclipse Paho (mqttv3, mqttv5) and the HiveMQ MQTT Client (3.1.1, 5.0) in-process,
 * each alone and every pair of them talking to each other through the broker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThirdPartyJavaClientsIT {
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

    private static String unique(String name, Kind kind) {
        return "java-" + name + "-" + kind.name().toLowerCase() + "-" + IDS.incrementAndGet();
    }

    static Stream<Arguments> kindsAndQos() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of(0, 1, 2).map(qos -> Arguments.of(kind, qos)));
    }

    @ParameterizedTest(name = "{0} QoS {1}")
    @MethodSource("kindsAndQos")
    void publish_toOwnSubscription_receivedAtThatQos(Kind kind, int qos) throws Exception {
        String topic = "java/own/" + unique("t", kind);
        try (ThirdPartyClient client = kind.create(broker, unique("own", kind))) {
            assertThat(client.connect(true, null)).isFalse();
            assertThat(client.subscribe(topic, qos)).isEqualTo(qos);

            client.publish(topic, ("qos " + qos).getBytes(UTF_8), qos, false);

            assertThat(client.next()).isEqualTo(new Message(topic, ("qos " + qos).getBytes(UTF_8), qos, false));
            client.disconnect();
        }
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Kind.values()).flatMap(pub -> Stream.of(Kind.values()).map(sub -> Arguments.of(pub, sub)));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void publish_fromOneLibraryAndVersion_receivedByAnother(Kind publisherKind, Kind subscriberKind) throws Exception {
        String topic = "java/pair/" + unique(publisherKind.name(), subscriberKind);
        try (ThirdPartyClient subscriber = subscriberKind.create(broker, unique("sub", subscriberKind));
             ThirdPartyClient publisher = publisherKind.create(broker, unique("pub", publisherKind))) {
            subscriber.connect(true, null);
            publisher.connect(true, null);
            assertThat(subscriber.subscribe(topic + "/#", 2)).isEqualTo(2);

            for (int qos = 0; qos <= 2; qos++) {
                publisher.publish(topic + "/" + qos, ("from " + publisherKind + " at " + qos).getBytes(UTF_8), qos, false);
            }

            for (int qos = 0; qos <= 2; qos++) {
                assertThat(subscriber.next()).isEqualTo(new Message(topic + "/" + qos,
                        ("from " + publisherKind + " at " + qos).getBytes(UTF_8), qos, false));
            }
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void retained_publishedBeforeSubscribe_deliveredWithRetainFlag(Kind kind) throws Exception {
        String topic = "java/retained/" + unique("t", kind);
        try (ThirdPartyClient publisher = kind.create(broker, unique("rpub", kind));
             ThirdPartyClient late = kind.create(broker, unique("rsub", kind))) {
            publisher.connect(true, null);
            publisher.publish(topic, "kept".getBytes(UTF_8), 1, true);
            publisher.disconnect();

            late.connect(true, null);
            late.subscribe(topic, 1);

            // 3.1.1 [MQTT-3.3.1-6] [MQTT-3.3.1-8], 5.0 [MQTT-3.3.1-9]: sent to a new subscription, RETAIN set
            assertThat(late.next()).isEqualTo(new Message(topic, "kept".getBytes(UTF_8), 1, true));
            late.disconnect();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void subscribe_sameFilterAgain_replacesSubscriptionAndResendsRetained(Kind kind) throws Exception {
        String topic = "java/resubscribe/" + unique("t", kind);
        try (ThirdPartyClient client = kind.create(broker, unique("resub", kind))) {
            client.connect(true, null);
            client.publish(topic, "kept".getBytes(UTF_8), 1, true);
            client.subscribe(topic, 0);
            assertThat(client.next()).isEqualTo(new Message(topic, "kept".getBytes(UTF_8), 0, true));

            // 5.0 [MQTT-3.8.4-3] [MQTT-3.8.4-4], 3.1.1 [MQTT-3.8.4-3]: the same filter replaces the subscription,
            // and the retained message is sent again
            assertThat(client.subscribe(topic, 2)).isEqualTo(2);
            assertThat(client.next()).isEqualTo(new Message(topic, "kept".getBytes(UTF_8), 1, true));

            client.publish(topic, "live".getBytes(UTF_8), 2, false);
            client.publish(topic, "sentinel".getBytes(UTF_8), 0, false);
            // One subscription, now at QoS 2: one copy of "live", then the sentinel.
            assertThat(client.next()).isEqualTo(new Message(topic, "live".getBytes(UTF_8), 2, false));
            assertThat(client.next()).isEqualTo(new Message(topic, "sentinel".getBytes(UTF_8), 0, false));
            client.publish(topic, new byte[0], 1, true);
            client.disconnect();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unsubscribe_oneOfTwoFilters_onlyTheOtherStillDelivers(Kind kind) throws Exception {
        String root = "java/unsubscribe/" + unique("t", kind);
        try (ThirdPartyClient client = kind.create(broker, unique("unsub", kind))) {
            client.connect(true, null);
            client.subscribe(root + "/a", 1);
            client.subscribe(root + "/+", 1);

            List<Integer> removed = client.unsubscribe(root + "/+");
            // [MQTT-3.10.4-5] an UNSUBACK also when no subscription matched
            List<Integer> absent = client.unsubscribe(root + "/never");
            if (kind == Kind.HIVEMQ_V5) {
                // [MQTT-3.11.3-1] [MQTT-3.11.3-2] one reason code per filter: success, then success or 0x11
                assertThat(removed).containsExactly(0x00);
                assertThat(absent).hasSize(1).first().isIn(0x00, 0x11);
            }
            client.publish(root + "/b", "unsubscribed".getBytes(UTF_8), 1, false);
            client.publish(root + "/a", "subscribed".getBytes(UTF_8), 1, false);

            // [MQTT-3.10.4-1] [MQTT-3.10.4-2] the exactly matching filter is gone, the other one stays
            assertThat(client.next()).isEqualTo(new Message(root + "/a", "subscribed".getBytes(UTF_8), 1, false));
            client.disconnect();
        }
    }

    /** HiveMQ's 3.1.1 client cannot end a connection without DISCONNECT, so it has no will case. */
    static Stream<Kind> kindsThatCanDropConnection() {
        return Stream.of(Kind.PAHO_V311, Kind.PAHO_V5, Kind.HIVEMQ_V5);
    }

    @ParameterizedTest
    @MethodSource("kindsThatCanDropConnection")
    void will_connectionDropped_willDeliveredToWatcher(Kind kind) throws Exception {
        String willTopic = "java/will/" + unique("t", kind);
        try (ThirdPartyClient watcher = kind.create(broker, unique("watcher", kind));
             ThirdPartyClient doomed = kind.create(broker, unique("doomed", kind))) {
            watcher.connect(true, null);
            watcher.subscribe(willTopic, 1);
            doomed.connect(true, new Will(willTopic, "offline".getBytes(UTF_8), 1, false));

            doomed.dropConnection();

            // [MQTT-3.1.2-8] the will is published when the connection ends other than by a normal DISCONNECT
            // (HiveMQ 5.0: DISCONNECT 0x04, which keeps the will; only 0x00 deletes it)
            assertThat(watcher.next()).isEqualTo(new Message(willTopic, "offline".getBytes(UTF_8), 1, false));
            watcher.disconnect();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void session_resumedWithoutCleanStart_sessionPresentAndQueuedMessageDelivered(Kind kind) throws Exception {
        String clientId = unique("resume", kind);
        String topic = "java/resume/" + clientId;
        try (ThirdPartyClient publisher = kind.create(broker, unique("rpub", kind))) {
            publisher.connect(true, null);
            try (ThirdPartyClient first = kind.create(broker, clientId)) {
                // [MQTT-3.2.2-3] no stored session yet: session present 0
                assertThat(first.connect(false, null)).isFalse();
                first.subscribe(topic, 1);
                first.disconnect();
            }

            publisher.publish(topic, "while away".getBytes(UTF_8), 1, false);

            try (ThirdPartyClient second = kind.create(broker, clientId)) {
                // 5.0 [MQTT-3.2.2-3], 3.1.1 [MQTT-3.2.2-2]: stored session resumed, session present 1
                assertThat(second.connect(false, null)).isTrue();
                assertThat(second.next()).isEqualTo(new Message(topic, "while away".getBytes(UTF_8), 1, false));
                second.disconnect();
            }
            try (ThirdPartyClient third = kind.create(broker, clientId)) {
                // 5.0 [MQTT-3.1.2-4] [MQTT-3.2.2-2], 3.1.1 [MQTT-3.1.2-6] [MQTT-3.2.2-1]: clean start discards the
                // session, session present 0
                assertThat(third.connect(true, null)).isFalse();
                third.disconnect();
            }
            publisher.disconnect();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void takeover_sameClientIdConnectsAgain_firstConnectionClosedSecondWorks(Kind kind) throws Exception {
        String clientId = unique("takeover", kind);
        String topic = "java/takeover/" + clientId;
        try (ThirdPartyClient first = kind.create(broker, clientId);
             ThirdPartyClient second = kind.create(broker, clientId)) {
            first.connect(false, null);
            first.subscribe(topic, 1);

            // 5.0 [MQTT-3.1.4-3], 3.1.1 [MQTT-3.1.4-2]: the existing connection with that id is closed;
            // 5.0 [MQTT-3.2.2-3], 3.1.1 [MQTT-3.2.2-2]: the new one resumes its session
            assertThat(second.connect(false, null)).isTrue();
            await().atMost(ThirdPartyClient.STEP).until(() -> !first.isConnected());
            assertThat(second.isConnected()).isTrue();

            second.publish(topic, "taken over".getBytes(UTF_8), 1, false);
            assertThat(second.next()).isEqualTo(new Message(topic, "taken over".getBytes(UTF_8), 1, false));
            assertThat(first.messages()).isEmpty();
            second.disconnect();
        }
    }

    @Test
    void overlappingSubscriptions_v5_deliveredOnceAtTheHighestGrantedQos() throws Exception {
        // The spec allows one copy per matching subscription (mosquitto does that); one copy is mqttools' choice.
        assumeTrue(broker.isMqttools(), "one copy for overlapping subscriptions is an mqttools guarantee");
        String root = "java/overlap/" + unique("t", Kind.HIVEMQ_V5);
        try (ThirdPartyClient client = Kind.HIVEMQ_V5.create(broker, unique("overlap", Kind.HIVEMQ_V5))) {
            client.connect(true, null);
            client.subscribe(root + "/+/x", 0);
            client.subscribe(root + "/#", 2);

            client.publish(root + "/a/x", "both".getBytes(UTF_8), 2, false);
            client.publish(root + "/only-hash", "sentinel".getBytes(UTF_8), 2, false);

            // [MQTT-3.3.4-2] the maximum QoS of the matching subscriptions; mqttools sends one copy (issue #3)
            assertThat(client.next()).isEqualTo(new Message(root + "/a/x", "both".getBytes(UTF_8), 2, false));
            assertThat(client.next()).isEqualTo(new Message(root + "/only-hash", "sentinel".getBytes(UTF_8), 2, false));
            client.disconnect();
        }
    }
}
