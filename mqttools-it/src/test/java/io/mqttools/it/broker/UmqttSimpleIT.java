package io.mqttools.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.it.support.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tutorial scenario: two ESP32 boards running MicroPython's umqtt.simple switch each other's LED through
 * the broker. Board A's LED follows topic esp32/b/led, which board B's button publishes to; B's LED follows
 * esp32/a/led. Each board polls with check_msg() in its main loop.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UmqttSimpleIT {
    private static final Duration STEP = Duration.ofSeconds(10);
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "keep alive {0}")
    @ValueSource(ints = {60, 0})
    void twoBoards_switchEachOthersLed_bothLedsFollow(int keepAlive) throws IOException {
        String prefix = "esp32-ka" + keepAlive;
        try (UmqttSimpleBoard a = new UmqttSimpleBoard(broker.host(), broker.port());
             UmqttSimpleBoard b = new UmqttSimpleBoard(broker.host(), broker.port())) {
            assertThat(a.connect(prefix + "-a", keepAlive)).isFalse();
            assertThat(b.connect(prefix + "-b", keepAlive)).isFalse();
            // [MQTT-3.2.0-1] CONNACK first; [MQTT-3.2.2-1] clean session: flags 0 (session present 0, reserved
            // bits 0); [MQTT-3.1.4-4] return code 0; and no 5.0 properties, which umqtt could not skip
            assertThat(a.connAck()).containsExactly(0x20, 0x02, 0x00, 0x00);
            assertThat(b.connAck()).containsExactly(0x20, 0x02, 0x00, 0x00);
            a.subscribe(prefix + "/b/led", 0);
            b.subscribe(prefix + "/a/led", 0);

            b.publish(prefix + "/b/led", "on", false, 1);
            assertThat(pollUntilLed(a)).isEqualTo("on");
            // Delivered at QoS 0 (the subscription's), no RETAIN, no packet id: 30 | topic | payload.
            assertThat(a.lastPublishWithoutLength()).isEqualTo(publishBytes(0x30, prefix + "/b/led", "on"));

            a.publish(prefix + "/a/led", "on", false, 0);
            assertThat(pollUntilLed(b)).isEqualTo("on");

            b.publish(prefix + "/b/led", "off", false, 0);
            assertThat(pollUntilLed(a)).isEqualTo("off");

            a.publish(prefix + "/a/led", "off", false, 1);
            assertThat(pollUntilLed(b)).isEqualTo("off");

            a.ping();
            await().atMost(STEP).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                a.checkMsg();
                return a.pingResponses() == 1;
            });

            assertThat(a.callbacks()).extracting(c -> c[1]).containsExactly("on", "off");
            assertThat(b.callbacks()).extracting(c -> c[1]).containsExactly("on", "off");
            a.disconnect();
            b.disconnect();
        }
    }

    @Test
    void boardReboots_ledStateWasRetained_receivesItWithRetainFlagOnSubscribe() throws IOException {
        try (UmqttSimpleBoard b = new UmqttSimpleBoard(broker.host(), broker.port())) {
            b.connect("esp32-retain-b", 60);
            b.publish("esp32-retain/b/led", "on", true, 1);
            b.disconnect();
        }
        try (UmqttSimpleBoard a = new UmqttSimpleBoard(broker.host(), broker.port())) {
            a.connect("esp32-retain-a", 60);
            a.subscribe("esp32-retain/b/led", 0);

            assertThat(pollUntilLed(a)).isEqualTo("on");
            // [MQTT-3.3.1-8] retained message sent on subscribe with RETAIN set: 31 | topic | payload
            assertThat(a.lastPublishWithoutLength()).isEqualTo(publishBytes(0x31, "esp32-retain/b/led", "on"));
            a.disconnect();
        }
    }

    @Test
    void boardLosesPower_keepAliveExpires_otherBoardGetsTheWill() throws IOException {
        try (UmqttSimpleBoard watcher = new UmqttSimpleBoard(broker.host(), broker.port());
             UmqttSimpleBoard doomed = new UmqttSimpleBoard(broker.host(), broker.port())) {
            watcher.connect("esp32-power-b", 60);
            watcher.subscribe("esp32-power/a/status", 0);
            doomed.setLastWill("esp32-power/a/status", "offline", true, 0);
            doomed.connect("esp32-power-a", 1);
            long connected = System.nanoTime();

            // The board goes silent without closing its socket, as when it loses power.
            assertThat(pollUntilLed(watcher)).isEqualTo("offline");
            long millis = (System.nanoTime() - connected) / 1_000_000;

            // [MQTT-3.1.2-24] no packet for 1.5 x keep alive: the broker closes the connection, and
            // [MQTT-3.1.2-8] publishes the will because no DISCONNECT came
            assertThat(millis).as("will after %d ms with keep alive 1 s", millis).isBetween(1_000L, 9_000L);
            assertThat(doomed.closedByBroker(5_000)).isTrue();
            watcher.disconnect();
        }
    }

    @Test
    void twoBoardsWithEmptyClientIds_bothStayConnected_exchangeMessages() throws IOException {
        try (UmqttSimpleBoard a = new UmqttSimpleBoard(broker.host(), broker.port());
             UmqttSimpleBoard b = new UmqttSimpleBoard(broker.host(), broker.port())) {
            // [MQTT-3.1.3-6] an empty client id with clean session gets a unique id: the second board does
            // not take the first one's session over
            a.connect("", 60);
            b.connect("", 60);
            assertThat(a.connAck()).containsExactly(0x20, 0x02, 0x00, 0x00);
            assertThat(b.connAck()).containsExactly(0x20, 0x02, 0x00, 0x00);
            a.subscribe("esp32-anon/b/led", 0);
            b.subscribe("esp32-anon/a/led", 0);

            b.publish("esp32-anon/b/led", "on", false, 1);
            assertThat(pollUntilLed(a)).isEqualTo("on");
            a.publish("esp32-anon/a/led", "on", false, 1);
            assertThat(pollUntilLed(b)).isEqualTo("on");
            a.disconnect();
            b.disconnect();
        }
    }

    /** The board's main loop: check_msg() until the callback has set the LED, which is returned. */
    private static String pollUntilLed(UmqttSimpleBoard board) {
        int before = board.callbacks().size();
        await().atMost(STEP).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
            board.checkMsg();
            return board.callbacks().size() > before;
        });
        List<String[]> callbacks = board.callbacks();
        return callbacks.get(callbacks.size() - 1)[1];
    }

    private static byte[] publishBytes(int firstByte, String topic, String payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        bytes.write(firstByte);
        bytes.write(topicBytes.length >> 8);
        bytes.write(topicBytes.length);
        bytes.writeBytes(topicBytes);
        bytes.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}
