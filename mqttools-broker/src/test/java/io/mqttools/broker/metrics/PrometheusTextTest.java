package io.mqttools.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    /** A sample line of the text format 0.0.4: name, optional labels, an integer value. */
    private static final Pattern SAMPLE =
            Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"})? -?[0-9]+");

    static MetricsSnapshot snapshot() {
        return new MetricsSnapshot("mqttools version 1.2.3", 42,
                new MetricsSnapshot.Clients(3, 5, 7, 1, 9, 11),
                new MetricsSnapshot.Traffic(100, 200, 3000, 4000, 10, 20, 50, 60),
                new MetricsSnapshot.Drops(1, 2, 3, 4, 5, 6),
                new MetricsSnapshot.Store(8, 2, 30, 4),
                new MetricsSnapshot.Heap(1000, 2000, 3000),
                Map.of("mqtt", 2, "mqtts", 1));
    }

    @Test
    void render_countersAndGaugesWithTheirValues() {
        String text = PrometheusText.render(snapshot());
        assertThat(text.lines()).contains(
                "mqttools_build_info{version=\"1.2.3\"} 1",
                "mqttools_uptime_seconds 42",
                "# TYPE mqttools_clients_connected gauge",
                "mqttools_clients_connected 3",
                "mqttools_clients_disconnected 4",
                "mqttools_clients_sessions 7",
                "mqttools_clients_maximum 5",
                "# TYPE mqttools_clients_expired_total counter",
                "mqttools_clients_expired_total 1",
                "mqttools_listener_connections{listener=\"mqtt\"} 2",
                "mqttools_listener_connections{listener=\"mqtts\"} 1",
                "mqttools_messages_received_total 100",
                "mqttools_messages_sent_total 200",
                "mqttools_bytes_received_total 3000",
                "mqttools_bytes_sent_total 4000",
                "mqttools_publish_messages_received_total 10",
                "mqttools_publish_messages_sent_total 20",
                "mqttools_publish_bytes_received_total 50",
                "mqttools_publish_bytes_sent_total 60",
                "mqttools_publish_messages_dropped_total{reason=\"queue_full\"} 1",
                "mqttools_publish_messages_dropped_total{reason=\"too_large\"} 2",
                "mqttools_publish_messages_dropped_total{reason=\"expired\"} 3",
                "mqttools_subscriptions 8",
                "mqttools_retained_messages 2",
                "mqttools_queued_messages 30",
                "mqttools_inflight_messages 4",
                "mqttools_stored_messages 36",
                "mqttools_heap_used_bytes 1000");
    }

    @Test
    void render_everyLineIsAValidCommentOrSample_andEachMetricHasOneHelpAndType() {
        String text = PrometheusText.render(snapshot());
        assertThat(text).endsWith("\n");
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts).hasSize(4);
                assertThat(parts[3]).isIn("counter", "gauge");
                assertThat(typed.add(parts[2])).as("one TYPE line for %s", parts[2]).isTrue();
                if (parts[3].equals("counter")) {
                    assertThat(parts[2]).endsWith("_total");
                }
            } else if (line.startsWith("# HELP ")) {
                assertThat(helped.add(line.split(" ")[2])).isTrue();
            } else {
                assertThat(line).matches(SAMPLE);
                String name = line.split("[{ ]")[0];
                assertThat(typed).as("TYPE before the samples of %s", name).contains(name);
            }
        }
        assertThat(helped).isEqualTo(typed);
    }

    @Test
    void render_labelValuesAreEscaped() {
        MetricsSnapshot s = snapshot();
        MetricsSnapshot odd = new MetricsSnapshot(s.version(), 0, s.clients(), s.traffic(), s.drops(), s.store(),
                s.heap(), Map.of("a\"b\\c\nd", 1));
        List<String> lines = PrometheusText.render(odd).lines().toList();
        assertThat(lines).contains("mqttools_listener_connections{listener=\"a\\\"b\\\\c\\nd\"} 1");
    }
}
