package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.config.Listener;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's files and JSON on the HTTP port, against raw-socket clients (the browser tests are in mqttools-it). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DashboardHttpIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private static RunningBroker start() {
        return Broker.builder().listener(Listener.mqtt("127.0.0.1", 0))
                .listener(new Listener("127.0.0.1", 0, Listener.Protocol.WEBSOCKETS, null))
                .sysInterval(Duration.ZERO).httpPort(0).build().start();
    }

    private HttpResponse<String> get(RunningBroker broker, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void page_rootAndDashboard_htmlWithItsScriptsAndAStrictPolicy() throws Exception {
        try (RunningBroker broker = start()) {
            for (String path : List.of("/", "/dashboard", "/dashboard/", "/dashboard/index.html")) {
                HttpResponse<String> r = get(broker, path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
                assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
                        .contains("script-src 'self'", "connect-src 'self' ws: wss:");
                assertThat(r.body()).contains("<canvas id=\"rate-plot\"", "/dashboard/dashboard.js", "/dashboard/mqtt-ws.js");
            }
            HttpResponse<String> js = get(broker, "/dashboard/dashboard.js");
            assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
            assertThat(js.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + broker.httpPort() + "/api/topics"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(get(broker, "/dashboard/mqtt-ws.js").body()).contains("class MqttWsClient");
            assertThat(get(broker, "/dashboard/dashboard.css").headers().firstValue("content-type"))
                    .hasValue("text/css; charset=utf-8");
        }
    }

    @Test
    void http_unknownPathOrMethod_404And405() throws Exception {
        try (RunningBroker broker = start()) {
            for (String path : List.of("/nothing", "/dashboard/../index.html", "/api", "/api/snapshot/x", "/dashboard/x.js")) {
                HttpResponse<String> r = get(broker, path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).contains("/metrics", "/api/snapshot");
            }
            for (String path : List.of("/", "/api/clients", "/dashboard/dashboard.js")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(405);
                assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
            }
        }
    }

    @Test
    void api_realTraffic_clientsSubscriptionsTopicsAndHistory() throws Exception {
        try (RunningBroker broker = start();
             RawClient sub = RawClient.connected(broker.port(), ProtocolVersion.MQTT_5, "sub-\"1\"", true, Properties.EMPTY);
             RawClient pub = RawClient.connected(broker.port(), ProtocolVersion.MQTT_3_1_1, "pub", true, Properties.EMPTY)) {
            sub.send(new Subscribe(1, List.of(new Subscription("plant/#", QoS.AT_LEAST_ONCE)), Properties.EMPTY));
            sub.read();
            for (int i = 0; i < 7; i++) {
                pub.send(new Publish("plant/a/temp", QoS.AT_MOST_ONCE, false, false, 0, RawClient.utf8("21.5"),
                        Properties.EMPTY));
            }
            pub.send(new Publish("plant/b", QoS.AT_MOST_ONCE, false, false, 0, RawClient.utf8("x"), Properties.EMPTY));
            pub.send(PingReq.INSTANCE);
            assertThat(pub.read()).isInstanceOf(PingResp.class);

            String clients = get(broker, "/api/clients").body();
            assertThat(clients).startsWith("{\"connected\":2,\"listed\":2,\"clients\":[")
                    .contains("\"clientId\":\"pub\"", "\"protocol\":\"3.1.1\"", "\"clientId\":\"sub-\\\"1\\\"\"",
                            "\"protocol\":\"5.0\"", "\"filter\":\"plant/#\",\"qos\":1", "\"address\":\"127.0.0.1:",
                            "\"webSocket\":false");
            await().untilAsserted(() -> assertThat(get(broker, "/api/topics").body())
                    .contains("{\"topic\":\"plant/a/temp\",\"messages\":7,\"bytes\":28,\"deliveries\":7,",
                            "{\"topic\":\"plant/b\",\"messages\":1,\"bytes\":1,\"deliveries\":1,"));
            await().untilAsserted(() -> assertThat(get(broker, "/api/topics").body())
                    .containsPattern("\"topic\":\"plant/a/temp\",[^}]*\"rate\":(?!0\\.000)"));
            HttpResponse<String> snapshot = get(broker, "/api/snapshot");
            assertThat(snapshot.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
            assertThat(snapshot.body()).contains("\"connected\":2", "\"subscriptions\":1",
                    "\"webSockets\":[{\"port\":" + broker.port(Listener.Protocol.WEBSOCKETS, false) + ",\"tls\":false}]",
                    "\"publishReceived\":8", "\"history\":[{\"t\":");
        }
    }
}
