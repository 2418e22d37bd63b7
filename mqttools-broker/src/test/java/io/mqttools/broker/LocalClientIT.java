package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.local.LocalClient;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process client seam (RunningBroker.localClient) against raw network clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalClientIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).sysInterval(Duration.ZERO).maxInflight(2).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static Publish message(String topic, String payload, QoS qos, boolean retain) {
        return new Publish(topic, qos, retain, false, qos == QoS.AT_MOST_ONCE ? 0 : 1, Bytes.utf8(payload),
                Properties.EMPTY);
    }

    @Test
    void publish_reachesNetworkSubscriber_withQosAndRetainAsPublished() throws Exception {
        try (LocalClient local = broker.localClient("local-1", m -> null);
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY)) {
            sub.send(new Subscribe(1, List.of(new Subscription("a/#", QoS.AT_LEAST_ONCE, false, true,
                    RetainHandling.SEND_ON_SUBSCRIBE)), Properties.EMPTY));
            sub.readUntil(SubAck.class);
            assertThat(local.publish(message("a/b", "hello", QoS.AT_LEAST_ONCE, true))).isEqualTo(1);
            Publish got = sub.readUntil(Publish.class);
            assertThat(got.topic()).isEqualTo("a/b");
            assertThat(got.payload()).isEqualTo(Bytes.utf8("hello"));
            assertThat(got.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(got.retain()).isTrue();
            assertThat(broker.retainedCount()).isEqualTo(1);
        }
    }

    @Test
    void subscribe_receivesNetworkPublishes_andNoLocalSkipsItsOwn() throws Exception {
        List<Publish> received = new CopyOnWriteArrayList<>();
        try (LocalClient local = broker.localClient("local-2", m -> {
            received.add(m);
            return null;
        }); RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
            local.subscribe(new Subscription("x/+", QoS.EXACTLY_ONCE, true, true, RetainHandling.SEND_ON_SUBSCRIBE));
            local.publish(message("x/own", "mine", QoS.AT_LEAST_ONCE, false));
            pub.send(message("x/net", "theirs", QoS.AT_LEAST_ONCE, false));
            pub.readUntil(PubAck.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            assertThat(received.get(0).topic()).isEqualTo("x/net");
            assertThat(received.get(0).qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(local.unsubscribe("x/+")).isTrue();
        }
    }

    @Test
    void subscribe_retainedMessagesFollowRetainHandling() throws Exception {
        List<Publish> received = new CopyOnWriteArrayList<>();
        try (LocalClient local = broker.localClient("local-3", m -> {
            received.add(m);
            return null;
        })) {
            local.publish(message("r/1", "kept", QoS.AT_LEAST_ONCE, true));
            local.subscribe(new Subscription("r/#", QoS.AT_MOST_ONCE, false, false, RetainHandling.DO_NOT_SEND));
            local.subscribe(new Subscription("r/+", QoS.AT_LEAST_ONCE, false, false, RetainHandling.SEND_ON_SUBSCRIBE));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            assertThat(received.get(0).retain()).isTrue();
            assertThat(received.get(0).qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        }
    }

    @Test
    void receiver_unfinishedQos1_holdsTheRestBeyondTheInflightWindow() throws Exception {
        List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        List<String> received = new CopyOnWriteArrayList<>();
        try (LocalClient local = broker.localClient("local-4", m -> {
            received.add(m.payload().asUtf8());
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }); LocalClient pub = broker.localClient("pub-4", m -> null)) {
            local.subscribe(new Subscription("w", QoS.AT_LEAST_ONCE));
            for (int i = 0; i < 5; i++) {
                pub.publish(message("w", "m" + i, QoS.AT_LEAST_ONCE, false));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2); // maxInflight 2
            assertThat(broker.sessionCount()).isEqualTo(2);
            pending.get(0).complete(null);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
            pending.forEach(f -> f.complete(null));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 5);
            pending.forEach(f -> f.complete(null));
            assertThat(received).hasSize(5);
        }
    }

    @Test
    void networkClientWithSameId_takesOverAndClosesIt() throws Exception {
        LocalClient local = broker.localClient("dup", m -> null);
        try (RawClient net = RawClient.connected(broker.port(), V5, "dup", false, Properties.EMPTY)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !local.isOpen());
            assertThatThrownBy(() -> local.publish(message("t", "x", QoS.AT_MOST_ONCE, false)))
                    .isInstanceOf(IllegalStateException.class);
        }
        local.close();
    }

    @Test
    void publish_invalidTopic_refused() {
        try (LocalClient local = broker.localClient("local-5", m -> null)) {
            assertThatThrownBy(() -> local.publish(message("a/+", "x", QoS.AT_MOST_ONCE, false)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/+");
        }
    }
}
