package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.metrics.MetricsSnapshot;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The counters and the Prometheus endpoint against real traffic from raw-socket clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    private static final int N = 25;

    private final HttpClient http = HttpClient.newHttpClient();
    /** Bytes each way, as the clients sent and read them. */
    private long sentByClients;
    private long readByClients;

    private static RunningBroker start(Broker.Builder b) {
        return b.host("127.0.0.1").port(0).sysInterval(Duration.ZERO).build().start();
    }

    private void send(RawClient c, Packet p) throws Exception {
        sentByClients += PacketEncoder.encodedSize(c.version, p);
        c.send(p);
    }

    private Packet read(RawClient c) throws Exception {
        Packet p = c.read();
        readByClients += PacketEncoder.encodedSize(c.version, p);
        return p;
    }

    private RawClient connect(RunningBroker broker, ProtocolVersion v, String id, Properties props) throws Exception {
        RawClient c = new RawClient(broker.port(), v);
        send(c, new Connect(v, id, true, 60, null, null, null, props));
        assertThat(read(c).type().name()).isEqualTo("CONNACK");
        return c;
    }

    private void ping(RawClient c) throws Exception {
        send(c, PingReq.INSTANCE);
        assertThat(read(c)).isInstanceOf(PingResp.class); // and nothing before it
    }

    @Test
    void snapshot_countsFollowRealTrafficExactly() throws Exception {
        try (RunningBroker broker = start(Broker.builder());
             RawClient sub = connect(broker, V5, "sub", Properties.EMPTY);
             RawClient pub = connect(broker, V311, "pub", Properties.EMPTY)) {
            send(sub, new Subscribe(1, List.of(new Subscription("t/#", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            read(sub);
            long payloadBytes = 0;
            for (int i = 0; i < N; i++) {
                Publish p = new Publish("t/" + i, QoS.AT_MOST_ONCE, false, false, 0, RawClient.utf8("m" + i),
                        Properties.EMPTY);
                payloadBytes += p.payload().length();
                send(pub, p);
            }
            ping(pub);
            for (int i = 0; i < N; i++) {
                assertThat(read(sub)).isInstanceOf(Publish.class);
            }
            ping(sub);

            MetricsSnapshot s = broker.snapshot();
            // 2 CONNECT + SUBSCRIBE + N PUBLISH + 2 PINGREQ in; 2 CONNACK + SUBACK + N PUBLISH + 2 PINGRESP out
            assertThat(s.traffic()).isEqualTo(new MetricsSnapshot.Traffic(N + 5, N + 5, sentByClients, readByClients,
                    N, N, payloadBytes, payloadBytes));
            assertThat(s.clients()).isEqualTo(new MetricsSnapshot.Clients(2, 2, 2, 0, 2, 2));
            assertThat(s.listeners()).isEqualTo(Map.of("mqtt", 2));
            assertThat(s.store().subscriptions()).isEqualTo(1);

            send(pub, Disconnect.NORMAL);
            await().until(() -> broker.snapshot().clients().connected() == 1);
            MetricsSnapshot after = broker.snapshot();
            assertThat(after.clients().maximum()).isEqualTo(2);
            assertThat(after.clients().total()).isEqualTo(1); // a clean session ends with its connection
            assertThat(after.traffic().messagesReceived()).isEqualTo(N + 6);
            await().until(() -> broker.snapshot().listeners().equals(Map.of("mqtt", 1)));
        }
    }

    @Test
    void metricsEndpoint_afterRealTraffic_reportsTheCountsAndQueueDepths() throws Exception {
        try (RunningBroker broker = start(Broker.builder().httpPort(0))) {
            assertThat(broker.httpPort()).isPositive();
            Properties expiry = Properties.builder().set(PropertyId.SESSION_EXPIRY_INTERVAL, 300L).build();
            try (RawClient offline = connect(broker, V5, "offline", expiry)) {
                send(offline, new Subscribe(1, List.of(new Subscription("q", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
                read(offline);
                send(offline, Disconnect.NORMAL);
            }
            await().until(() -> broker.snapshot().clients().connected() == 0);
            try (RawClient pub = connect(broker, V311, "pub", Properties.EMPTY)) {
                for (int i = 1; i <= N; i++) {
                    send(pub, new Publish("q", QoS.AT_LEAST_ONCE, false, false, i, RawClient.utf8("x"),
                            Properties.EMPTY));
                    assertThat(read(pub)).isInstanceOf(PubAck.class); // queued for the offline session by now
                }
                HttpResponse<String> r = get(broker, "/metrics");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(r.body().lines()).contains(
                        "mqttools_publish_messages_received_total " + N,
                        "mqttools_publish_messages_sent_total 0",
                        "mqttools_queued_messages " + N,
                        "mqttools_stored_messages " + N,
                        "mqttools_inflight_messages 0",
                        "mqttools_clients_connected 1",
                        "mqttools_clients_disconnected 1",
                        "mqttools_clients_sessions 2",
                        "mqttools_subscriptions 1",
                        "mqttools_listener_connections{listener=\"mqtt\"} 1");
                assertThat(r.body()).contains("mqttools_bytes_received_total ", "# TYPE mqttools_messages_sent_total counter");
            }
        }
    }

    @Test
    void inflight_unacknowledgedDeliveries_countedUntilAcknowledged() throws Exception {
        try (RunningBroker broker = start(Broker.builder().httpPort(0));
             RawClient sub = connect(broker, V5, "slow", Properties.EMPTY);
             RawClient pub = connect(broker, V5, "pub", Properties.EMPTY)) {
            send(sub, new Subscribe(1, List.of(new Subscription("f", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            read(sub);
            for (int i = 1; i <= 3; i++) {
                send(pub, new Publish("f", QoS.AT_LEAST_ONCE, false, false, i, RawClient.utf8("x"), Properties.EMPTY));
                read(pub);
            }
            int[] ids = new int[3];
            for (int i = 0; i < 3; i++) {
                ids[i] = ((Publish) read(sub)).packetId(); // not acknowledged yet
            }
            await().until(() -> broker.snapshot().store().inflight() == 3);
            assertThat(get(broker, "/metrics").body().lines()).contains("mqttools_inflight_messages 3",
                    "mqttools_queued_messages 0");
            for (int id : ids) {
                send(sub, new PubAck(id));
            }
            await().until(() -> broker.snapshot().store().inflight() == 0);
        }
    }

    @Test
    void metricsEndpoint_otherPathsAndMethods_clearHttpErrors() throws Exception {
        try (RunningBroker broker = start(Broker.builder().httpPort(0))) {
            HttpResponse<String> missing = get(broker, "/nothing");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("/metrics");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(broker, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
            assertThat(get(broker, "/metrics?x=1").statusCode()).isEqualTo(200); // and the connection was kept
        }
    }

    @Test
    void httpPort_inUse_clearErrorNamingIt() {
        try (RunningBroker first = start(Broker.builder().httpPort(0))) {
            int taken = first.httpPort();
            assertThatThrownBy(() -> start(Broker.builder().httpPort(taken)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen for HTTP (metrics) on 127.0.0.1 port " + taken + ": ");
        }
    }

    @Test
    void httpPort_outOfRange_refusedByTheBuilder() {
        assertThatThrownBy(() -> Broker.builder().httpPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP port must be 0..65535, not 70000");
        assertThatThrownBy(() -> Broker.builder().sysInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sys interval must be 0 (off) or positive");
    }

    private static URI uri(RunningBroker broker, String path) {
        return URI.create("http://127.0.0.1:" + broker.httpPort() + path);
    }

    private HttpResponse<String> get(RunningBroker broker, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(broker, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
