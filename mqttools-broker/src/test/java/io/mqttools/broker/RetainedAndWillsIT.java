package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Retained messages, Retain Handling, Retain As Published, No Local and wills. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetainedAndWillsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    private RunningBroker broker;

    @BeforeEach
    void start() {
        // no $SYS tree: the retained counts below are of the tests' own messages
        broker = Broker.builder().host("127.0.0.1").port(0).sysInterval(Duration.ZERO).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RawClient client(ProtocolVersion v, String id) throws Exception {
        return RawClient.connected(broker.port(), v, id, true, Properties.EMPTY);
    }


    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void retained_deliveredToLateSubscriberWithRetainSet(ProtocolVersion v) throws Exception {
        try (RawClient pub = client(v, "pub")) {
            pub.send(Publish.of("r/t", Bytes.utf8("kept")).withRetain(true));
            pub.send(PingReq.INSTANCE);
            pub.readUntil(PingResp.class);
        }
        try (RawClient sub = client(v, "sub")) {
            sub.subscribe(1, "r/#", QoS.AT_LEAST_ONCE);
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.retain()).isTrue(); // RETAIN set (3.1.1 [MQTT-3.3.1-8]); Retain Handling 0 [MQTT-3.3.1-9]
            assertThat(got.payload().asUtf8()).isEqualTo("kept");
        }
    }

    @Test
    void retained_emptyPayloadDeletes() throws Exception {
        try (RawClient pub = client(V5, "pub")) {
            pub.send(Publish.of("r/d", Bytes.utf8("kept")).withRetain(true));
            pub.send(Publish.of("r/d", Bytes.EMPTY).withRetain(true)); // [MQTT-3.3.1-6]
            pub.send(PingReq.INSTANCE);
            pub.readUntil(PingResp.class);
        }
        try (RawClient sub = client(V5, "sub")) {
            sub.subscribe(1, "r/#", QoS.AT_LEAST_ONCE);
            sub.assertNothingPending();
        }
    }

    @Test
    void retainHandling_2NeverSends_1OnlyForNewSubscription() throws Exception {
        try (RawClient pub = client(V5, "pub")) {
            pub.send(Publish.of("rh", Bytes.utf8("kept")).withRetain(true));
            pub.send(PingReq.INSTANCE);
            pub.readUntil(PingResp.class);
        }
        try (RawClient sub = client(V5, "sub")) {
            subscribe(sub, new Subscription("rh", QoS.AT_MOST_ONCE, false, false, RetainHandling.DO_NOT_SEND));
            sub.assertNothingPending();
            subscribe(sub, new Subscription("rh/#", QoS.AT_MOST_ONCE, false, false,
                    RetainHandling.SEND_IF_NEW_SUBSCRIPTION));
            assertThat(sub.readUntil(Publish.class).payload().asUtf8()).isEqualTo("kept");
            subscribe(sub, new Subscription("rh/#", QoS.AT_MOST_ONCE, false, false,
                    RetainHandling.SEND_IF_NEW_SUBSCRIPTION));
            sub.assertNothingPending();
        }
    }

    @Test
    void retainAsPublished_keepsRetainFlagOnForwarding() throws Exception {
        try (RawClient sub = client(V5, "sub"); RawClient pub = client(V5, "pub")) {
            subscribe(sub, new Subscription("rap", QoS.AT_MOST_ONCE, false, true, RetainHandling.SEND_ON_SUBSCRIBE));
            subscribe(sub, new Subscription("plain/#", QoS.AT_MOST_ONCE));
            pub.send(Publish.of("rap", Bytes.utf8("1")).withRetain(true));
            assertThat(sub.readUntil(Publish.class).retain()).isTrue();
            pub.send(Publish.of("plain/x", Bytes.utf8("2")).withRetain(true));
            assertThat(sub.readUntil(Publish.class).retain()).isFalse(); // [MQTT-3.3.1-12]
        }
    }

    @Test
    void noLocal_ownMessagesNotReceived() throws Exception {
        try (RawClient c = client(V5, "self")) {
            subscribe(c, new Subscription("nl", QoS.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE));
            c.send(Publish.of("nl", Bytes.utf8("mine")));
            c.assertNothingPending(); // [MQTT-3.8.3-3]
        }
    }

    static Stream<Arguments> versionsAndEndings() {
        return Arrays.stream(ProtocolVersion.values())
                .flatMap(v -> Stream.of(Arguments.of(v, false), Arguments.of(v, true)));
    }

    @ParameterizedTest(name = "{0}, reset {1}")
    @MethodSource("versionsAndEndings")
    void will_publishedOnAbnormalClose(ProtocolVersion v, boolean reset) throws Exception {
        try (RawClient watcher = client(v, "watcher")) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            RawClient dying = new RawClient(broker.port(), v);
            Will will = new Will("wills/dying", Bytes.utf8("gone"), QoS.AT_LEAST_ONCE, false, Properties.EMPTY);
            dying.connect(RawClient.connectPacket(v, "dying", true, 60, will, Properties.EMPTY));
            if (reset) {
                dying.reset(); // the broker's read fails (connection reset)
            } else {
                dying.close(); // a FIN, no DISCONNECT
            }
            Publish got = watcher.readUntil(Publish.class); // [MQTT-3.1.2-8]
            assertThat(got.topic()).isEqualTo("wills/dying");
            assertThat(got.payload().asUtf8()).isEqualTo("gone");
            assertThat(got.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.connectionCount() == 1); // the watcher
        }
    }

    @Test
    void disconnect_afterQos1Publish_pubAckThenClose() throws Exception {
        try (RawClient watcher = client(V5, "watcher"); RawClient polite = client(V5, "polite")) {
            watcher.subscribe(1, "last/#", QoS.AT_LEAST_ONCE);
            // the PUBLISH and the DISCONNECT in one write: both are read in one batch, and the PUBACK
            // written for the first must still reach the client before the broker closes
            polite.sendRaw(RawClient.encoded(V5, new Publish("last/word", QoS.AT_LEAST_ONCE, false, false, 7,
                    Bytes.utf8("bye"), Properties.EMPTY), Disconnect.NORMAL));
            assertThat(polite.readUntil(PubAck.class).packetId()).isEqualTo(7);
            assertThat(polite.closedByBroker()).isTrue(); // [MQTT-3.14.4-1] the broker closes after DISCONNECT
            assertThat(watcher.readUntil(Publish.class).payload().asUtf8()).isEqualTo("bye");
        }
    }

    @Test
    void will_publishedOnKeepAliveTimeout() throws Exception {
        try (RawClient watcher = client(V5, "watcher"); RawClient silent = new RawClient(broker.port(), V5)) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            Will will = new Will("wills/silent", Bytes.utf8("timed out"), QoS.AT_MOST_ONCE, false, Properties.EMPTY);
            silent.connect(RawClient.connectPacket(V5, "silent", true, 1, will, Properties.EMPTY));
            assertThat(watcher.readUntil(Publish.class).payload().asUtf8()).isEqualTo("timed out");
            assertThat(silent.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
        }
    }

    @Test
    void will_notPublishedOnNormalDisconnect() throws Exception {
        try (RawClient watcher = client(V5, "watcher")) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            try (RawClient polite = new RawClient(broker.port(), V5)) {
                Will will = new Will("wills/polite", Bytes.utf8("gone"), QoS.AT_MOST_ONCE, false, Properties.EMPTY);
                polite.connect(RawClient.connectPacket(V5, "polite", true, 60, will, Properties.EMPTY));
                polite.send(Disconnect.NORMAL); // [MQTT-3.14.4-3]
                assertThat(polite.closedByBroker()).isTrue();
            }
            watcher.assertNothingPending();
        }
    }

    @Test
    void will_publishedOnDisconnectWithWillMessage() throws Exception {
        try (RawClient watcher = client(V5, "watcher")) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            try (RawClient c = new RawClient(broker.port(), V5)) {
                Properties willProps = Properties.builder().set(PropertyId.CONTENT_TYPE, "text/plain").build();
                Will will = new Will("wills/04", Bytes.utf8("asked"), QoS.AT_MOST_ONCE, true, willProps);
                c.connect(RawClient.connectPacket(V5, "c04", true, 60, will, Properties.EMPTY));
                c.send(new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
                assertThat(c.closedByBroker()).isTrue();
            }
            Publish got = watcher.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("asked");
            assertThat(got.properties().getString(PropertyId.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(broker.retainedCount()).isEqualTo(1); // will retain
        }
    }

    @Test
    void will_onTakeover() throws Exception {
        try (RawClient watcher = client(V5, "watcher"); RawClient first = new RawClient(broker.port(), V5);
             RawClient second = new RawClient(broker.port(), V5)) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            Will will = new Will("wills/t", Bytes.utf8("taken"), QoS.AT_MOST_ONCE, false, Properties.EMPTY);
            first.connect(RawClient.connectPacket(V5, "tk", true, 60, will, Properties.EMPTY));
            second.connect(RawClient.connectPacket(V5, "tk", true, 60, null, Properties.EMPTY));
            assertThat(watcher.readUntil(Publish.class).payload().asUtf8()).isEqualTo("taken");
        }
    }

    @Test
    void willDelay_cancelledWhenClientReconnectsInTime() throws Exception {
        Properties delay = Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, 2L).build();
        Properties expiry = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build();
        try (RawClient watcher = client(V5, "watcher")) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            RawClient c = new RawClient(broker.port(), V5);
            Will will = new Will("wills/late", Bytes.utf8("late"), QoS.AT_MOST_ONCE, false, delay);
            c.connect(RawClient.connectPacket(V5, "delayed", false, 60, will, expiry));
            c.close();
            try (RawClient back = new RawClient(broker.port(), V5)) {
                back.connect(RawClient.connectPacket(V5, "delayed", false, 60, null, expiry));
                // [MQTT-3.1.3-9] reconnected within the Will Delay Interval: no will, even after it passes
                org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(2500)).until(() -> true);
                watcher.assertNothingPending();
            }
        }
    }

    @Test
    void willDelay_publishedAfterDelay() throws Exception {
        Properties delay = Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, 1L).build();
        Properties expiry = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 60L).build();
        try (RawClient watcher = client(V5, "watcher")) {
            watcher.subscribe(1, "wills/#", QoS.AT_LEAST_ONCE);
            RawClient c = new RawClient(broker.port(), V5);
            Will will = new Will("wills/late", Bytes.utf8("late"), QoS.AT_MOST_ONCE, false, delay);
            c.connect(RawClient.connectPacket(V5, "delayed", false, 60, will, expiry));
            long start = System.nanoTime();
            c.close();
            Publish got = watcher.readUntil(Publish.class);
            assertThat(got.payload().asUtf8()).isEqualTo("late");
            assertThat(got.properties().has(PropertyId.WILL_DELAY_INTERVAL)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        }
    }

    private static void subscribe(RawClient c, Subscription s) throws Exception {
        c.send(new Subscribe(7, List.of(s), Properties.EMPTY));
        c.readUntil(SubAck.class);
    }
}
