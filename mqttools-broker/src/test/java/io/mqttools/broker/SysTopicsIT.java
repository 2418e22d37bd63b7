package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The $SYS tree over raw sockets: published by the broker through the normal path, closed to clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SysTopicsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;

    private static RunningBroker start(Duration sysInterval) {
        return Broker.builder().host("127.0.0.1").port(0).sysInterval(sysInterval).build().start();
    }

    @Test
    void publishCount_followsPublishes() throws Exception {
        int n = 7;
        try (RunningBroker broker = start(Duration.ofSeconds(1));
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), V311, "pub", true, Properties.EMPTY)) {
            sub.subscribe(1, "$SYS/broker/publish/messages/received", QoS.AT_MOST_ONCE);
            for (int i = 0; i < n; i++) {
                pub.send(new Publish("x", QoS.AT_MOST_ONCE, false, false, 0, RawClient.utf8("m"), Properties.EMPTY));
            }
            pub.assertNothingPending();
            long value;
            do { // every value is published once, when it changes; none goes past the n publishes
                Publish p = sub.readUntil(Publish.class);
                assertThat(p.topic()).isEqualTo("$SYS/broker/publish/messages/received");
                value = Long.parseLong(p.payload().asUtf8());
                assertThat(value).isBetween(0L, (long) n);
            } while (value != n);
        }
    }

    @Test
    void versionAndUptime_retainedForNewSubscribers() throws Exception {
        try (RunningBroker broker = start(Duration.ofSeconds(1));
             RawClient first = RawClient.connected(broker.port(), V5, "first", true, Properties.EMPTY)) {
            first.subscribe(1, "$SYS/broker/version", QoS.AT_MOST_ONCE);
            assertThat(first.readUntil(Publish.class).payload().asUtf8()).startsWith("mqttools version ");
            try (RawClient later = RawClient.connected(broker.port(), V5, "later", true, Properties.EMPTY)) {
                later.subscribe(1, "$SYS/broker/uptime", QoS.AT_MOST_ONCE);
                Publish uptime = later.readUntil(Publish.class);
                assertThat(uptime.retain()).isTrue(); // [MQTT-3.3.1-9] sent because of the subscription
                assertThat(uptime.payload().asUtf8()).matches("[0-9]+ seconds");
            }
        }
    }

    @Test
    void wildcardFilters_doNotMatchSysTopics() throws Exception {
        try (RunningBroker broker = start(Duration.ofSeconds(1));
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY)) {
            // the Subscription Identifiers a delivery carries say which of the client's filters matched it
            for (String filter : List.of("#", "+/broker/uptime", "$SYS/broker/uptime")) {
                int id = filter.length();
                sub.send(new Subscribe(id, List.of(new Subscription(filter, QoS.AT_MOST_ONCE)),
                        Properties.builder().subscriptionIdentifier(id).build()));
                sub.readUntil(SubAck.class);
            }
            Publish uptime = sub.readUntil(Publish.class);
            assertThat(uptime.topic()).isEqualTo("$SYS/broker/uptime");
            // [MQTT-4.7.2-1] filters starting with a wildcard do not match topics starting with '$'
            assertThat(uptime.properties().subscriptionIdentifiers()).containsExactly("$SYS/broker/uptime".length());
        }
    }

    @Test
    void sysIntervalZero_publishesNothing() throws Exception {
        try (RunningBroker broker = start(Duration.ZERO);
             RawClient sub = RawClient.connected(broker.port(), V5, "sub", true, Properties.EMPTY)) {
            sub.subscribe(1, "$SYS/#", QoS.AT_MOST_ONCE);
            sub.assertNothingPending(); // a retained $SYS message would have come before the PINGRESP
            assertThat(broker.retainedCount()).isZero();
        }
    }

    @Test
    void clientPublishToSys_droppedAndRefusedAsNotAuthorizedIn5() throws Exception {
        try (RunningBroker broker = start(Duration.ofSeconds(1));
             RawClient watcher = RawClient.connected(broker.port(), V5, "watcher", true, Properties.EMPTY);
             RawClient v5 = RawClient.connected(broker.port(), V5, "v5", true, Properties.EMPTY);
             RawClient v3 = RawClient.connected(broker.port(), V311, "v3", true, Properties.EMPTY)) {
            watcher.subscribe(1, "$SYS/broker/version", QoS.AT_MOST_ONCE);
            String version = watcher.readUntil(Publish.class).payload().asUtf8();
            watcher.subscribe(2, "$SYS/fake", QoS.AT_MOST_ONCE);

            v5.send(new Publish("$SYS/broker/version", QoS.AT_LEAST_ONCE, true, false, 1, RawClient.utf8("fake"),
                    Properties.EMPTY));
            assertThat(((PubAck) v5.read()).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            v5.send(new Publish("$SYS/fake", QoS.EXACTLY_ONCE, false, false, 2, RawClient.utf8("fake"),
                    Properties.EMPTY));
            assertThat(((PubRec) v5.read()).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            v5.send(new PubRel(2)); // the error PUBREC ended the exchange
            assertThat(((PubComp) v5.read()).reasonCode()).isEqualTo(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
            v3.send(new Publish("$SYS/fake", QoS.AT_LEAST_ONCE, true, false, 3, RawClient.utf8("fake"),
                    Properties.EMPTY));
            assertThat(((PubAck) v3.read()).reasonCode()).isEqualTo(ReasonCode.SUCCESS); // 3.1.1 cannot be told

            try (RawClient later = RawClient.connected(broker.port(), V5, "later", true, Properties.EMPTY)) {
                later.subscribe(1, "$SYS/broker/version", QoS.AT_MOST_ONCE);
                assertThat(later.readUntil(Publish.class).payload().asUtf8()).isEqualTo(version);
                later.subscribe(2, "$SYS/fake", QoS.AT_MOST_ONCE);
                later.assertNothingPending(); // nothing retained there
            }
            watcher.assertNothingPending(); // the version goes out once, and the fakes never came
        }
    }
}
