package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mqttools publish} and {@code mqttools subscribe} as processes, against mosquitto and its clients. */
@Timeout(120)
class CliMosquittoIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private BrokerUnderTest broker;
    private final List<OutputProcess> processes = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = new MosquittoBroker();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (OutputProcess p : processes) {
            p.close();
        }
        broker.close();
    }

    private String port() {
        return Integer.toString(broker.port());
    }

    private OutputProcess cli(String... args) {
        OutputProcess p = OutputProcess.cli(args);
        processes.add(p);
        return p;
    }

    private OutputProcess tool(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.onPath(name).toString()));
        command.addAll(List.of(args));
        OutputProcess p = OutputProcess.start(command);
        processes.add(p);
        return p;
    }

    /**
     * mosquitto_sub with -d and line-buffered output (stdbuf), waiting until its SUBACK arrived so that
     * nothing published afterwards is missed.
     */
    private OutputProcess subscribedMosquittoSub(String... args) {
        List<String> all = new ArrayList<>(List.of("-oL", Tools.onPath("mosquitto_sub").toString(), "-p", port(), "-d"));
        all.addAll(List.of(args));
        OutputProcess sub = tool("stdbuf", all.toArray(String[]::new));
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> sub.stdout().stream().anyMatch(l -> l.contains("received SUBACK")));
        return sub;
    }

    @Test
    void subscribe_mosquittoPubSends_printsTopicAndMessageBlocks() throws Exception {
        OutputProcess sub = cli("subscribe", "-p", port(), "-C", "2", "-q", "1", "/cli/#");
        sub.awaitOutputLine("Connected.", WAIT);

        assertThat(tool("mosquitto_pub", "-p", port(), "-t", "/cli/a", "-m", "11").awaitExit(WAIT)).isZero();
        assertThat(tool("mosquitto_pub", "-p", port(), "-t", "/cli/b", "-m", "bar", "-q", "1").awaitExit(WAIT)).isZero();

        assertThat(sub.awaitExit(WAIT)).isZero();
        assertThat(sub.stdout()).containsSubsequence("Connecting to 'localhost:" + port() + "'.", "Connected.",
                "Topic:   /cli/a", "Message: 11", "", "Topic:   /cli/b", "Message: bar", "");
    }

    @Test
    void subscribe_verboseSeveralTopics_printsOneLinePerMessage() throws Exception {
        OutputProcess sub = cli("subscribe", "-p", port(), "-v", "-C", "2", "-t", "/one", "/two");
        sub.awaitOutputLine("Connected.", WAIT);

        tool("mosquitto_pub", "-p", port(), "-t", "/one", "-m", "hello world").awaitExit(WAIT);
        tool("mosquitto_pub", "-p", port(), "-t", "/two", "-m", "second").awaitExit(WAIT);

        assertThat(sub.awaitExit(WAIT)).isZero();
        assertThat(sub.stdout()).containsSubsequence("/one hello world", "/two second");
    }

    @Test
    void publish_textAndHexMessages_mosquittoSubReceivesThemAsMeant() throws Exception {
        OutputProcess sub = subscribedMosquittoSub("-v", "-C", "2", "-t", "/cli/pub");

        OutputProcess text = cli("publish", "-p", port(), "/cli/pub", "11");
        assertThat(text.awaitExit(WAIT)).isZero();
        OutputProcess hex = cli("publish", "-p", port(), "-t", "/cli/pub", "-m", "0x4142", "-q", "2");
        assertThat(hex.awaitExit(WAIT)).isZero();

        assertThat(sub.awaitExit(WAIT)).isZero();
        assertThat(sub.stdout()).containsSubsequence("/cli/pub 11", "/cli/pub AB");
        assertThat(text.stdout()).containsExactly("Connecting to 'localhost:" + port() + "'.", "",
                text.stdout().get(2));
        assertThat(text.stdout().get(2)).matches("Published 1 message\\(s\\) in \\d+\\.\\d\\d seconds from 1 concurrent task\\(s\\)\\.");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void publish_count1000_deliversExactly1000DistinctMessages(int qos) throws Exception {
        OutputProcess sub = subscribedMosquittoSub("-q", "2", "-C", "1000", "-t", "/cli/count");

        OutputProcess pub = cli("publish", "-p", port(), "-q", Integer.toString(qos), "--count", "1000", "--size", "3",
                "/cli/count");
        assertThat(pub.awaitExit(WAIT)).as("stderr %s", pub.stderr()).isZero();
        assertThat(pub.stdout().get(pub.stdout().size() - 1))
                .matches("Published 1000 message\\(s\\) in \\d+\\.\\d\\d seconds from 10 concurrent task\\(s\\)\\.");

        assertThat(sub.awaitExit(WAIT)).isZero();
        List<String> payloads = sub.stdout().stream().filter(l -> l.matches("\\d{3}")).toList();
        Set<String> distinct = new HashSet<>(payloads);
        assertThat(payloads).hasSize(1000);
        assertThat(distinct).hasSize(1000).contains("000", "999");
    }

    @Test
    void publish_nothingListening_oneErrorLineAndExitCode1() throws Exception {
        OutputProcess pub = cli("publish", "-p", Integer.toString(Tools.freePort()), "/t", "x");
        assertThat(pub.awaitExit(WAIT)).isEqualTo(1);
        assertThat(pub.stderr()).hasSize(1);
        assertThat(pub.stderr().get(0)).startsWith("error: Cannot connect to localhost:");
    }

    @Test
    void publish_debugAndNothingListening_printsStackTrace() throws Exception {
        OutputProcess pub = cli("publish", "--debug", "-p", Integer.toString(Tools.freePort()), "/t", "x");
        assertThat(pub.awaitExit(WAIT)).isEqualTo(1);
        assertThat(pub.stderr()).anyMatch(l -> l.startsWith("io.mqttools.client.ConnectException"))
                .anyMatch(l -> l.trim().startsWith("at "));
    }

    @Test
    void publish_badQos_oneUsageErrorLineAndExitCode2() throws Exception {
        OutputProcess pub = cli("publish", "-p", port(), "-q", "3", "/t", "x");
        assertThat(pub.awaitExit(WAIT)).isEqualTo(2);
        assertThat(pub.stderr()).singleElement().asString().contains("--qos must be 0, 1 or 2");
    }

    @Test
    void subscribe_noTopic_oneUsageErrorLineAndExitCode2() throws Exception {
        OutputProcess sub = cli("subscribe", "-p", port());
        assertThat(sub.awaitExit(WAIT)).isEqualTo(2);
        assertThat(sub.stderr()).singleElement().asString().startsWith("error: Missing topic");
    }
}
