package io.mqttools.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysPublisherTest {
    private final List<Publish> sent = new ArrayList<>();
    private MetricsSnapshot current = PrometheusTextTest.snapshot();
    private long nanos = 1_000;
    private final SysPublisher publisher = new SysPublisher(() -> current, sent::add, () -> nanos);

    private Map<String, String> sent() {
        Map<String, String> m = new LinkedHashMap<>();
        sent.forEach(p -> m.put(p.topic(), p.payload().asUtf8()));
        return m;
    }

    @Test
    void firstRun_publishesEveryTopicRetainedAsMosquittoNamesThem() {
        publisher.run();
        assertThat(sent).allSatisfy(p -> {
            assertThat(p.retain()).isTrue();
            assertThat(p.qos()).isEqualTo(QoS.AT_MOST_ONCE);
            assertThat(p.topic()).startsWith("$SYS/broker/");
        });
        assertThat(sent()).containsEntry("$SYS/broker/version", "mqttools version 1.2.3")
                .containsEntry("$SYS/broker/uptime", "42 seconds")
                .containsEntry("$SYS/broker/clients/connected", "3")
                .containsEntry("$SYS/broker/clients/disconnected", "4")
                .containsEntry("$SYS/broker/clients/total", "7")
                .containsEntry("$SYS/broker/clients/maximum", "5")
                .containsEntry("$SYS/broker/clients/expired", "1")
                .containsEntry("$SYS/broker/messages/received", "100")
                .containsEntry("$SYS/broker/messages/sent", "200")
                .containsEntry("$SYS/broker/messages/stored", "36")
                .containsEntry("$SYS/broker/bytes/received", "3000")
                .containsEntry("$SYS/broker/bytes/sent", "4000")
                .containsEntry("$SYS/broker/publish/messages/received", "10")
                .containsEntry("$SYS/broker/publish/messages/sent", "20")
                .containsEntry("$SYS/broker/publish/messages/dropped", "6")
                .containsEntry("$SYS/broker/subscriptions/count", "8")
                .containsEntry("$SYS/broker/retained messages/count", "2")
                .containsEntry("$SYS/broker/heap/current", "1000")
                .containsEntry("$SYS/broker/heap/maximum", "2000")
                .containsEntry("$SYS/broker/load/messages/received/1min", "0.00")
                .containsEntry("$SYS/broker/load/connections/15min", "0.00");
    }

    @Test
    void laterRun_publishesOnlyWhatChanged() {
        publisher.run();
        sent.clear();
        publisher.run();
        assertThat(sent).isEmpty(); // nothing changed, not even the load averages (no time passed)

        MetricsSnapshot s = current;
        current = new MetricsSnapshot(s.version(), 52, s.clients(),
                new MetricsSnapshot.Traffic(160, 200, 3000, 4000, 10, 20, 50, 60), s.drops(), s.store(), s.heap(),
                s.listeners());
        nanos += 10_000_000_000L;
        publisher.run();
        assertThat(sent()).containsOnlyKeys("$SYS/broker/uptime", "$SYS/broker/messages/received",
                "$SYS/broker/load/messages/received/1min", "$SYS/broker/load/messages/received/5min",
                "$SYS/broker/load/messages/received/15min");
        assertThat(sent()).containsEntry("$SYS/broker/uptime", "52 seconds")
                .containsEntry("$SYS/broker/messages/received", "160");
    }

    @Test
    void failingSnapshot_isLoggedNotThrown_soTheFixedRateTaskGoesOn() {
        SysPublisher failing = new SysPublisher(() -> {
            throw new IllegalStateException("boom");
        }, sent::add, () -> nanos);
        failing.run();
        assertThat(sent).isEmpty();
    }
}
