package io.mqttools.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.TlsConfig;
import io.mqttools.it.support.Chrome;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MqttJs;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10: our WebSocket listeners with MQTT.js (npm package mqtt, its browser bundle) in headless
 * Chromium, over ws:// and wss:// (a self-signed certificate the browser is told to trust by its key),
 * MQTT 5.0 and 3.1.1: subscribe, a message from mosquitto_pub in, one to mosquitto_sub out, and one
 * to itself at QoS 2, with MQTT 5 properties both ways.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MqttJsBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    private static RunningBroker broker;
    private static HttpServer pages;
    private static Chrome chrome;

    @BeforeAll
    static void start() throws Exception {
        ExternalTools.mosquittoPub();
        ExternalTools.mosquittoSub();
        Path bundle = MqttJs.bundle();
        Path openssl = ExternalTools.program("openssl", "openssl");
        ToolProcess.run(List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", tmp.resolve("server.key").toString(), "-out", tmp.resolve("server.pem").toString(),
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"), Duration.ofSeconds(60));
        // a CA file but no require_certificate: as mosquitto, no client certificate is asked for (Chromium
        // cancels a WebSocket handshake that asks for one: it has no way to pick a certificate for it)
        TlsConfig tls = new TlsConfig(tmp.resolve("server.pem"), null, tmp.resolve("server.pem"), tmp.resolve("server.key"),
                false, null, false);
        broker = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0)).listener(Listener.websockets("127.0.0.1", 0))
                .listener(new Listener("127.0.0.1", 0, Listener.Protocol.WEBSOCKETS, tls)).build().start();

        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/", MqttJs.page(), "text/html; charset=utf-8");
        serve("/mqtt.min.js", bundle, "text/javascript; charset=utf-8");
        pages.start();

        chrome = Chrome.start(Files.createDirectories(tmp.resolve("profile")), 1024, 768,
                "--ignore-certificate-errors-spki-list=" + spkiHash(tmp.resolve("server.pem")));
        chrome.open("http://127.0.0.1:" + pages.getAddress().getPort() + "/");
        assertThat(chrome.script("return document.getElementById('loaded').textContent")).isEqualTo("loaded");
    }

    private static void serve(String path, Path file, String type) {
        pages.createContext(path, exchange -> {
            byte[] body = exchange.getRequestURI().getPath().equals(path) ? Files.readAllBytes(file) : null;
            exchange.getResponseHeaders().set("Content-Type", body == null ? "text/plain" : type);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
    }

    /** The base64 SHA-256 of the certificate's public key, as Chromium's SPKI allow-list takes it. */
    private static String spkiHash(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = cert.getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        }
    }

    @AfterAll
    static void stop() {
        if (chrome != null) {
            chrome.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "{0} MQTT {1}")
    @CsvSource({"ws, 5", "ws, 4", "wss, 5", "wss, 4"})
    void mqttJs_overWebSockets_subscribesPublishesAndReceives(String scheme, int version) {
        boolean v5 = version == 5;
        int port = broker.port(Listener.Protocol.WEBSOCKETS, scheme.equals("wss"));
        String id = "mqttjs-" + scheme + "-" + version;
        String prefix = "mqttjs/" + id + "/";
        MosquittoClients mosquitto = new MosquittoClients(testBroker(), v5 ? MqttVersion.V5 : MqttVersion.V311);

        Map<?, ?> result = (Map<?, ?>) chrome.asyncScript("""
                const [url, version, id, prefix] = arguments;
                window.received = [];
                const c = mqtt.connect(url, {protocolVersion: version, clientId: id, clean: true, reconnectPeriod: 0,
                    connectTimeout: 20000, keepalive: 30});
                window.client = c;
                c.on('message', (topic, payload, packet) => window.received.push({topic, qos: packet.qos,
                    payload: new TextDecoder().decode(payload),
                    userProperties: packet.properties && packet.properties.userProperties || null,
                    contentType: packet.properties && packet.properties.contentType || null}));
                c.on('error', (e) => done({error: String(e && e.message || e)}));
                c.on('close', () => done({error: 'connection closed before the subscription was granted'}));
                c.once('connect', (connack) => c.subscribe(prefix + '#', {qos: 2}, (err, granted) =>
                    done(err ? {error: String(err)} : {sessionPresent: connack.sessionPresent,
                        code: connack.returnCode === undefined ? connack.reasonCode : connack.returnCode,
                        granted: granted.map((g) => g.qos)})));
                """, scheme + "://127.0.0.1:" + port + "/mqtt", version, id, prefix);
        Map<Object, Object> connected = new java.util.HashMap<>(result);
        assertThat(connected).as("%s", connected).doesNotContainKey("error");
        assertThat(connected.get("code")).isEqualTo(0L);
        assertThat(connected.get("sessionPresent")).isEqualTo(false);
        assertThat(connected.get("granted")).isEqualTo(List.of(2L));

        // in: from mosquitto_pub, with a user property in 5.0
        List<String> pub = new ArrayList<>(List.of("-t", prefix + "from-mosquitto", "-q", "1", "-m", "hello MQTT.js"));
        if (v5) {
            pub.addAll(List.of("-D", "publish", "user-property", "origin", "mosquitto_pub"));
        }
        mosquitto.publish(pub.toArray(String[]::new));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received()).anySatisfy(m -> {
            assertThat(m.get("topic")).isEqualTo(prefix + "from-mosquitto");
            assertThat(m.get("payload")).isEqualTo("hello MQTT.js");
            assertThat(m.get("qos")).isEqualTo(1L);
            if (v5) {
                assertThat(m.get("userProperties")).isEqualTo(Map.of("origin", "mosquitto_pub"));
            }
        }));

        // out: to mosquitto_sub, and to itself at QoS 2 with properties
        try (ToolProcess sub = mosquitto.subscribe("-t", prefix + "to-mosquitto", "-q", "1", "-C", "1")) {
            Object published = chrome.asyncScript("""
                    const [prefix] = arguments;
                    const props = {userProperties: {origin: 'mqtt.js'}, contentType: 'text/plain'};
                    window.client.publish(prefix + 'to-mosquitto', 'hello mosquitto_sub', {qos: 1}, (e1) =>
                        e1 ? done(String(e1)) : window.client.publish(prefix + 'echo', 'to myself',
                            {qos: 2, properties: props}, (e2) => done(e2 ? String(e2) : 'ok')));
                    """, prefix);
            assertThat(published).isEqualTo("ok");
            assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
            assertThat(MosquittoClients.received(sub)).singleElement()
                    .satisfies(m -> assertThat(m.payload()).isEqualTo("hello mosquitto_sub"));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(received()).anySatisfy(m -> {
            assertThat(m.get("topic")).isEqualTo(prefix + "echo");
            assertThat(m.get("payload")).isEqualTo("to myself");
            assertThat(m.get("qos")).isEqualTo(2L);
            if (v5) {
                assertThat(m.get("userProperties")).isEqualTo(Map.of("origin", "mqtt.js"));
                assertThat(m.get("contentType")).isEqualTo("text/plain");
            }
        }));
        assertThat(received()).hasSize(3); // from mosquitto_pub, its own to-mosquitto, the echo

        Object ended = chrome.asyncScript("window.client.end(false, {}, () => done(window.client.connected));");
        assertThat(ended).isEqualTo(false);
        await().atMost(WAIT).until(() -> broker.connectionCount() == 0);
    }

    /** The messages MQTT.js has delivered so far, as the page's message handler recorded them. */
    private static List<Map<String, Object>> received() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object m : (List<?>) chrome.script("return window.received")) {
            Map<String, Object> message = new java.util.HashMap<>();
            ((Map<?, ?>) m).forEach((k, v) -> message.put((String) k, v));
            out.add(message);
        }
        return out;
    }

    private static TestBroker testBroker() {
        return TestBroker.onPort(broker.port()); // the test closes the broker
    }
}
