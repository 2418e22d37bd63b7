package io.mqttools.it.broker;

import static io.mqttools.it.support.MosquittoClients.STEP;
import static io.mqttools.it.support.MosquittoClients.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.it.support.MosquittoClients;
import io.mqttools.it.support.MosquittoClients.Received;
import io.mqttools.it.support.MqttVersion;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The $SYS tree and /metrics as mosquitto's own clients see them: {@code mosquitto_sub -t '$SYS/#'}
 * gets mosquitto's topic names with values that follow real traffic from {@code mosquitto_pub}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SysTopicsMosquittoIT {
    private static final int N = 40;

    @TempDir
    Path dir;

    /** The broker as the mosquitto client helpers want it. */
    private static TestBroker adapt(RunningBroker broker) {
        return TestBroker.of(broker);
    }

    private static RunningBroker start(Duration sysInterval) {
        return Broker.builder().host("127.0.0.1").port(0).sysInterval(sysInterval).httpPort(0).build().start();
    }

    /** Waits until the subscriber prints a value of the topic that matches. */
    private static void awaitValue(ToolProcess sub, String topic, java.util.function.LongPredicate condition) {
        sub.awaitStdoutLine(line -> {
            if (!line.startsWith("MSG|" + topic + "|")) {
                return false;
            }
            return condition.test(Long.parseLong(line.substring(line.lastIndexOf('|') + 1)));
        }, STEP);
    }

    /** The last value the subscriber printed for a topic, or -1. */
    private static long last(ToolProcess sub, String topic) {
        List<Received> got = received(sub).stream().filter(r -> r.topic().equals(topic)).toList();
        return got.isEmpty() ? -1 : Long.parseLong(got.get(got.size() - 1).payload());
    }

    @Test
    void sysHash_seesMosquittosTopics_withValuesFollowingPublishes() throws Exception {
        try (RunningBroker broker = start(Duration.ofSeconds(1))) {
            MosquittoClients clients = new MosquittoClients(adapt(broker), MqttVersion.V311);
            try (ToolProcess sub = clients.subscribe("-t", "$SYS/#", "-v")) {
                awaitValue(sub, "$SYS/broker/clients/connected", v -> v == 1);
                Path lines = Files.write(dir.resolve("lines"),
                        IntStream.range(0, N).mapToObj(i -> "message " + i).collect(Collectors.toList()));
                clients.publishLines(lines, "-t", "data/x", "-q", "1");

                // mosquitto_sub publishes nothing: the N PUBLISHes are mosquitto_pub's, read on one connection
                awaitValue(sub, "$SYS/broker/publish/messages/received", v -> v == N);
                // and a CONNECT, SUBSCRIBE, CONNECT, N PUBLISH, DISCONNECT at least, with PUBACKs going back
                awaitValue(sub, "$SYS/broker/messages/received", v -> v >= N + 4);
                awaitValue(sub, "$SYS/broker/clients/maximum", v -> v == 2);
                assertThat(last(sub, "$SYS/broker/publish/messages/received")).isEqualTo(N);
                assertThat(last(sub, "$SYS/broker/messages/sent")).isGreaterThanOrEqualTo(N + 2);
                assertThat(last(sub, "$SYS/broker/bytes/received")).isGreaterThan(N * "message 0".length());

                List<String> topics = received(sub).stream().map(Received::topic).distinct().toList();
                assertThat(topics).allMatch(t -> t.startsWith("$SYS/broker/"));
                assertThat(topics).contains("$SYS/broker/version", "$SYS/broker/uptime",
                        "$SYS/broker/clients/connected", "$SYS/broker/clients/disconnected",
                        "$SYS/broker/clients/total", "$SYS/broker/clients/maximum", "$SYS/broker/clients/expired",
                        "$SYS/broker/messages/received", "$SYS/broker/messages/sent", "$SYS/broker/messages/stored",
                        "$SYS/broker/bytes/received", "$SYS/broker/bytes/sent",
                        "$SYS/broker/publish/messages/received", "$SYS/broker/publish/messages/sent",
                        "$SYS/broker/publish/messages/dropped", "$SYS/broker/subscriptions/count",
                        "$SYS/broker/retained messages/count", "$SYS/broker/heap/current",
                        "$SYS/broker/heap/maximum", "$SYS/broker/load/messages/received/1min",
                        "$SYS/broker/load/bytes/sent/15min");
                assertThat(received(sub)).filteredOn(r -> r.topic().equals("$SYS/broker/version"))
                        .extracting(Received::payload).containsOnly("mqttools version " + versionOf(broker));
                assertThat(received(sub)).filteredOn(r -> r.topic().equals("$SYS/broker/uptime"))
                        .allMatch(r -> r.payload().matches("[0-9]+ seconds"));

                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + broker.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body().lines()).contains("mqttools_publish_messages_received_total " + N,
                        "mqttools_clients_connected 1", "mqttools_clients_maximum 2", "mqttools_subscriptions 1");
            }
        }
    }

    private static String versionOf(RunningBroker broker) {
        return broker.snapshot().version().substring("mqttools version ".length());
    }

    @Test
    void sysIntervalZero_sysHashGetsNothing() throws Exception {
        try (RunningBroker broker = start(Duration.ZERO)) {
            MosquittoClients clients = new MosquittoClients(adapt(broker), MqttVersion.V5);
            try (ToolProcess sub = clients.subscribe("-t", "$SYS/#", "-t", "sentinel", "-C", "1")) {
                clients.publish("-t", "sentinel", "-q", "1", "-m", "done");
                assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
                // a retained $SYS message would have come at the subscription, before the sentinel
                assertThat(received(sub)).as(sub.describe())
                        .containsExactly(new Received("sentinel", 0, false, 4, "done"));
            }
        }
    }

    @Test
    void mosquittoPub_intoSys_notAuthorizedAndNeverDelivered() throws Exception {
        try (RunningBroker broker = start(Duration.ofSeconds(1))) {
            MosquittoClients clients = new MosquittoClients(adapt(broker), MqttVersion.V5);
            try (ToolProcess watcher = clients.subscribe("-t", "$SYS/broker/version", "-t", "$SYS/fake",
                    "-t", "sentinel")) {
                watcher.awaitStdoutLine(l -> l.startsWith("MSG|$SYS/broker/version|"), STEP);
                ToolProcess pub = ToolProcess.start(List.of(io.mqttools.it.support.ExternalTools.mosquittoPub()
                        .toString(), "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-V", "mqttv5",
                        "-d", "-q", "1", "-r", "-t", "$SYS/broker/version", "-m", "fake"));
                pub.awaitExit(STEP);
                // mosquitto says so as for its own broker: PUBACK with 0x87 (135) Not authorized
                assertThat(pub.stdout()).as(pub.describe()).anyMatch(l -> l.contains("received PUBACK") && l.contains("RC:135"));
                clients.publish("-t", "$SYS/fake", "-q", "0", "-m", "fake");
                clients.publish("-t", "sentinel", "-q", "1", "-m", "done");
                watcher.awaitStdoutLine(l -> l.startsWith("MSG|sentinel|"), STEP);
                assertThat(received(watcher)).as(watcher.describe()).extracting(Received::payload)
                        .doesNotContain("fake");
            }
            try (ToolProcess late = clients.subscribe("-t", "$SYS/broker/version", "-C", "1")) {
                assertThat(late.awaitExit(STEP)).isZero();
                assertThat(received(late)).extracting(Received::payload).containsExactly(
                        "mqttools version " + versionOf(broker));
            }
        }
    }
}
