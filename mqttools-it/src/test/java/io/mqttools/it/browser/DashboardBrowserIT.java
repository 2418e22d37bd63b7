package io.mqttools.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.Listener;
import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.it.support.Chrome;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's web dashboard in headless Chromium: the page shows the real clients, topics and rates of
 * traffic made by our client, and its WebSocket test client (the page's own hand-written MQTT code, 5.0
 * and 3.1.1) exchanges messages with mosquitto_pub and mosquitto_sub. Leaves a screenshot in
 * target/dashboard.png.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardBrowserIT {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1400;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void dashboard_realTraffic_showsItAndTheTestClientTalksToMosquittoClients() throws Exception {
        ExternalTools.mosquittoPub();
        ExternalTools.mosquittoSub();
        try (RunningBroker broker = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0))
                .listener(Listener.websockets("127.0.0.1", 0)).httpPort(0).build().start();
             Client watcher = client(broker, "watcher", ProtocolVersion.MQTT_5);
             Client sensor1 = client(broker, "sensor-1", ProtocolVersion.MQTT_5);
             Client sensor2 = client(broker, "sensor-2", ProtocolVersion.MQTT_3_1_1);
             Chrome chrome = Chrome.start(Files.createDirectories(tmp.resolve("profile")), WIDTH, HEIGHT)) {
            watcher.subscribe("factory/#", QoS.AT_LEAST_ONCE);
            for (int i = 0; i < 20; i++) {
                sensor1.publish(Message.of("factory/line1/temp", "21." + i).withQos(QoS.AT_LEAST_ONCE)).join();
            }
            for (int i = 0; i < 5; i++) {
                sensor2.publish(Message.of("factory/line2/pressure", "1.0" + i).withQos(QoS.AT_LEAST_ONCE)).join();
            }
            int wsPort = broker.port(Listener.Protocol.WEBSOCKETS, false);
            MosquittoClients mosquitto = new MosquittoClients(testBroker(broker), MqttVersion.V311);

            chrome.open("http://127.0.0.1:" + broker.httpPort() + "/");
            awaitText(chrome, "stat-connected", "3");
            assertThat(text(chrome, "stat-subscriptions")).isEqualTo("1");
            await().atMost(WAIT).untilAsserted(() -> assertThat(chrome.script(
                    "return Object.fromEntries([...document.querySelectorAll('#topic-tree li')]"
                            + ".map(li => [li.dataset.topic, li.dataset.messages]))"))
                    .isEqualTo(Map.of("factory", "25", "factory/line1", "20", "factory/line1/temp", "20",
                            "factory/line2", "5", "factory/line2/pressure", "5")));
            await().atMost(WAIT).until(() -> rate(chrome, "factory/line1/temp") > 0);
            assertThat(chrome.script("return [...document.querySelectorAll('#clients-body tr')]"
                    + ".map(tr => [...tr.children].map(td => td.textContent).join('|'))"))
                    .asList().hasSize(3)
                    .anySatisfy(row -> assertThat((String) row).startsWith("sensor-1|127.0.0.1").contains("|5.0|"))
                    .anySatisfy(row -> assertThat((String) row).startsWith("sensor-2|").contains("|3.1.1|"))
                    .anySatisfy(row -> assertThat((String) row).startsWith("watcher|").endsWith("|factory/# q1"));
            assertPlotDrawn(chrome);

            // the page's own MQTT client, over the WebSocket listener
            awaitValue(chrome, "ws-url", "ws://127.0.0.1:" + wsPort + "/mqtt");
            set(chrome, "ws-url", "ws://127.0.0.1:" + broker.port() + "/mqtt"); // the plain MQTT port: no WebSocket
            click(chrome, "ws-connect");
            await().atMost(WAIT).until(() -> text(chrome, "ws-status").startsWith("WebSocket closed (code 1006)"));
            assertThat(chrome.script("return document.getElementById('pub-button').disabled")).isEqualTo(true);
            set(chrome, "ws-url", "ws://127.0.0.1:" + wsPort + "/mqtt");
            roundTrip(chrome, mosquitto, "5", "browser-5", 4);
            click(chrome, "ws-connect"); // disconnect
            await().atMost(WAIT).until(() -> text(chrome, "ws-status").startsWith("WebSocket closed"));
            roundTrip(chrome, mosquitto, "4", "browser-311", 4);

            awaitText(chrome, "stat-subscriptions", "2"); // the watcher's and the page client's
            await().atMost(WAIT).untilAsserted(() -> assertThat(chrome.script(
                    "return document.querySelector('#clients-body tr[data-client-id=\"browser-311\"] .subs').textContent"))
                    .isEqualTo("browser/in/# q1"));
            Path png = Path.of("target", "dashboard.png");
            Files.write(png, chrome.screenshot());
            assertRendered(png);
        }
    }

    /** Connects the page's test client, then a message each way with mosquitto_pub and mosquitto_sub. */
    private static void roundTrip(Chrome chrome, MosquittoClients mosquitto, String version, String clientId,
                                  int connected) {
        set(chrome, "ws-version", version);
        set(chrome, "ws-client-id", clientId);
        click(chrome, "ws-connect");
        await().atMost(WAIT).until(() -> text(chrome, "ws-status").equals("connected as " + clientId));
        awaitText(chrome, "stat-connected", Integer.toString(connected));
        await().atMost(WAIT).untilAsserted(() -> assertThat(chrome.script(
                "const tr = document.querySelector('#clients-body tr[data-client-id=\"' + arguments[0] + '\"]');"
                        + "return tr && [...tr.children].map(td => td.textContent).join('|')", clientId))
                .asString().contains("(ws)").contains(version.equals("5") ? "|5.0|" : "|3.1.1|"));

        set(chrome, "sub-filter", "browser/in/#");
        set(chrome, "sub-qos", "1");
        click(chrome, "sub-button");
        await().atMost(WAIT).until(() -> text(chrome, "ws-status").equals("subscribed to browser/in/# (QoS 1)"));
        String inbound = "from mosquitto_pub to " + clientId;
        mosquitto.publish("-t", "browser/in/" + clientId, "-q", "1", "-m", inbound);
        await().atMost(WAIT).until(() -> inbound.equals(chrome.script(
                "const li = document.querySelector('#ws-messages li[data-topic=\"browser/in/' + arguments[0] + '\"]');"
                        + "return li && li.querySelector('.payload').textContent", clientId)));

        try (ToolProcess sub = mosquitto.subscribe("-t", "browser/out/" + clientId, "-q", "1", "-C", "1")) {
            String outbound = "from chromium, " + clientId;
            set(chrome, "pub-topic", "browser/out/" + clientId);
            set(chrome, "pub-payload", outbound);
            set(chrome, "pub-qos", "1");
            click(chrome, "pub-button");
            await().atMost(WAIT).until(() -> text(chrome, "ws-status").equals("published to browser/out/" + clientId));
            assertThat(sub.awaitExit(MosquittoClients.STEP)).as(sub.describe()).isZero();
            assertThat(MosquittoClients.received(sub)).singleElement()
                    .satisfies(m -> assertThat(m.payload()).isEqualTo(outbound))
                    .satisfies(m -> assertThat(m.qos()).isEqualTo(1));
        }
    }

    /** The canvas has both lines above its baseline: non-zero rates in and out were drawn, scaled to the plot. */
    private static void assertPlotDrawn(Chrome chrome) {
        await().atMost(WAIT).untilAsserted(() -> {
            Map<?, ?> plot = (Map<?, ?>) chrome.script("""
                    const c = document.getElementById('rate-plot');
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    const baseline = c.height - 18;
                    let inRaised = 0, outRaised = 0;
                    const near = (i, r, g, b) => d[i + 3] > 200 && Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - g) < 40
                        && Math.abs(d[i + 2] - b) < 40;
                    for (let y = 0; y < baseline - 10; y++) {
                      for (let x = 0; x < c.width; x++) {
                        const i = (y * c.width + x) * 4;
                        if (near(i, 37, 99, 235)) inRaised++;
                        if (near(i, 22, 163, 74)) outRaised++;
                      }
                    }
                    return {points: Number(c.dataset.points), max: Number(c.dataset.max), inRaised, outRaised,
                        width: c.width};
                    """);
            assertThat(((Number) plot.get("points")).longValue()).as("%s", plot).isGreaterThanOrEqualTo(2);
            assertThat(((Number) plot.get("max")).doubleValue()).as("%s", plot).isGreaterThan(1);
            assertThat(((Number) plot.get("inRaised")).longValue()).as("%s", plot).isPositive();
            assertThat(((Number) plot.get("outRaised")).longValue()).as("%s", plot).isPositive();
            assertThat(((Number) plot.get("width")).longValue()).as("%s", plot).isGreaterThan(600);
        });
    }

    /** The PNG is the window's size and really drawn: many colours, the dark header, mostly not blank. */
    private static void assertRendered(Path png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertThat(image).as("decodable PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isBetween(HEIGHT - 200, HEIGHT);
        Set<Integer> colours = new HashSet<>();
        long notBackground = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xf5f6f8) {
                    notBackground++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(100);
        assertThat(notBackground).as("pixels not page background").isGreaterThan(image.getWidth() * image.getHeight() / 20);
        assertThat(image.getRGB(4, 4) & 0xffffff).as("header colour").isEqualTo(0x1d2330);
    }

    private static double rate(Chrome chrome, String topic) {
        Object text = chrome.script("const li = document.querySelector('#topic-tree li[data-topic=\"' + arguments[0]"
                + " + '\"]'); return li ? li.querySelector('.rate').textContent : null", topic);
        return text == null ? 0 : Double.parseDouble(((String) text).replace("/s", ""));
    }

    private static Client client(RunningBroker broker, String id, ProtocolVersion version) throws Exception {
        Client c = Client.builder("127.0.0.1", broker.port()).clientId(id).protocolVersion(version).build();
        c.start();
        return c;
    }

    private static TestBroker testBroker(RunningBroker broker) {
        return TestBroker.onPort(broker.port()); // the test closes the broker
    }

    private static String text(Chrome chrome, String id) {
        return (String) chrome.script("return document.getElementById(arguments[0]).textContent", id);
    }

    private static void awaitText(Chrome chrome, String id, String expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(text(chrome, id)).as(id).isEqualTo(expected));
    }

    private static void awaitValue(Chrome chrome, String id, String expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(chrome.script(
                "return document.getElementById(arguments[0]).value", id)).as(id).isEqualTo(expected));
    }

    private static void set(Chrome chrome, String id, String value) {
        chrome.script("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }

    private static void click(Chrome chrome, String id) {
        chrome.script("document.getElementById(arguments[0]).click()", id);
    }
}
