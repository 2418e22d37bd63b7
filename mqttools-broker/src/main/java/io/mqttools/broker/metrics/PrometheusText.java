package io.mqttools.broker.metrics;

import java.util.Map;

/**
 * A snapshot in the Prometheus text exposition format, version 0.0.4: for each metric a {@code # HELP}
 * and a {@code # TYPE} line, then its samples; counters end in {@code _total}. Written by hand: the
 * format is small and stable, and a client library would bring its own registry and HTTP server for
 * two dozen numbers we already hold.
 */
public final class PrometheusText {
    /** The Content-Type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    public static String render(MetricsSnapshot s) {
        PrometheusText p = new PrometheusText();
        p.write(s);
        return p.out.toString();
    }

    private void write(MetricsSnapshot s) {
        header("mqttools_build_info", "gauge", "The broker's version, as a label; always 1.");
        sample("mqttools_build_info", "version", s.version().replace("mqttools version ", ""), 1);
        gauge("mqttools_uptime_seconds", "Seconds since the broker started.", s.uptimeSeconds());

        MetricsSnapshot.Clients c = s.clients();
        gauge("mqttools_clients_connected", "Clients connected now.", c.connected());
        gauge("mqttools_clients_disconnected", "Persistent sessions whose client is not connected.", c.disconnected());
        gauge("mqttools_clients_sessions", "Sessions stored, connected or not.", c.total());
        gauge("mqttools_clients_maximum", "The most clients connected at once since the start.", c.maximum());
        counter("mqttools_clients_expired_total", "Sessions removed when their expiry interval ran out.", c.expired());
        counter("mqttools_connects_total", "Successful CONNECTs.", c.connects());
        counter("mqttools_sockets_accepted_total", "Sockets accepted on every listener.", c.sockets());
        header("mqttools_listener_connections", "gauge", "Open sockets per listener.");
        for (Map.Entry<String, Integer> e : s.listeners().entrySet()) {
            sample("mqttools_listener_connections", "listener", e.getKey(), e.getValue());
        }

        MetricsSnapshot.Traffic t = s.traffic();
        counter("mqttools_messages_received_total", "MQTT control packets received, of every type.", t.messagesReceived());
        counter("mqttools_messages_sent_total", "MQTT control packets sent, of every type.", t.messagesSent());
        counter("mqttools_bytes_received_total", "Bytes read from client sockets.", t.bytesReceived());
        counter("mqttools_bytes_sent_total", "Bytes written to client sockets.", t.bytesSent());
        counter("mqttools_publish_messages_received_total", "PUBLISH packets received.", t.publishReceived());
        counter("mqttools_publish_messages_sent_total", "PUBLISH packets sent.", t.publishSent());
        counter("mqttools_publish_bytes_received_total", "Payload bytes of the PUBLISHes received.",
                t.publishBytesReceived());
        counter("mqttools_publish_bytes_sent_total", "Payload bytes of the PUBLISHes sent.", t.publishBytesSent());

        MetricsSnapshot.Drops d = s.drops();
        String dropped = "mqttools_publish_messages_dropped_total";
        header(dropped, "counter", "Messages a subscriber did not get, by reason.");
        sample(dropped, "reason", "queue_full", d.queueFull());
        sample(dropped, "reason", "too_large", d.tooLarge());
        sample(dropped, "reason", "expired", d.expired());
        counter("mqttools_publish_invalid_payload_total", "PUBLISHes refused for a payload that is not UTF-8 as declared.",
                d.invalidPayload());
        counter("mqttools_publishers_paused_total", "Times a publisher was paused by a full subscriber queue.",
                d.publishersPaused());
        counter("mqttools_shared_redeliveries_total", "Shared-subscription messages passed to another member.",
                d.sharedRedelivered());

        MetricsSnapshot.Store st = s.store();
        gauge("mqttools_subscriptions", "Subscriptions over all clients.", st.subscriptions());
        gauge("mqttools_retained_messages", "Retained messages.", st.retained());
        gauge("mqttools_queued_messages", "Messages waiting in session queues, not yet sent.", st.queued());
        gauge("mqttools_inflight_messages", "QoS 1 and 2 messages sent and not yet acknowledged.", st.inflight());
        gauge("mqttools_stored_messages", "Messages held: retained, queued and in flight.", st.messages());

        gauge("mqttools_heap_used_bytes", "JVM heap in use.", s.heap().current());
        gauge("mqttools_heap_used_max_bytes", "The most JVM heap seen in use.", s.heap().maximum());
        gauge("mqttools_heap_limit_bytes", "The most heap the JVM may use.", s.heap().limit());
    }

    private void gauge(String name, String help, long value) {
        header(name, "gauge", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private void counter(String name, String help, long value) {
        header(name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char ch = help.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(ch);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String label, String labelValue, long value) {
        out.append(name).append('{').append(label).append("=\"");
        for (int i = 0; i < labelValue.length(); i++) {
            char ch = labelValue.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(ch);
            }
        }
        out.append("\"} ").append(value).append('\n');
    }
}
