package io.mqttools.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.TestBroker;
import io.mqttools.it.support.ToolProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mqttools bench conn|pub|sub} against a real broker: the counts reported are exact, the exit status
 * says whether anything failed. No assertion on a figure that depends on time.
 */
@Timeout(180)
abstract class BenchContract {
    private TestBroker broker;

    abstract TestBroker startBroker();

    @BeforeEach
    void start() {
        broker = startBroker();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private String port() {
        return Integer.toString(broker.port());
    }

    @Test
    void conn_everyConnectionCountedAndTimed() {
        BenchRun conn = BenchRun.run("bench", "conn", "--host", broker.host(), "--port", port(), "-c", "40",
                "--concurrency", "5", "--threads", "2", "--hold", "1");

        assertThat(conn.exitStatus()).as(conn.toString()).isZero();
        assertThat(conn.out()).contains("connections: 40 connected, 0 refused, 0 failed, 0 lost")
                .contains("Summary: 40 connection(s) in ").containsPattern("connect latency: p50 [0-9.]+ .*\\(40 samples\\)")
                .contains("errors: 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void pubSub_twoPublishersOfAThousand_subReceivesExactlyTwoThousand(String qos) {
        BenchRun sub = BenchRun.start("bench", "sub", "--host", broker.host(), "--port", port(), "-c", "2",
                "-t", "bench/" + qos + "/%i", "-q", qos, "--count", "2000")
                .awaitOutput("Subscribed 2 connected");

        BenchRun pub = BenchRun.run("bench", "pub", "--host", broker.host(), "--port", port(), "-c", "2",
                "-t", "bench/" + qos + "/%i", "-q", qos, "--count", "1000", "-s", "64");

        assertThat(pub.exitStatus()).as(pub.toString()).isZero();
        assertThat(pub.out()).contains("messages: 2000 sent in ").contains(", 0 failed")
                .containsPattern("ack latency: p50 .*\\(2000 samples\\)").contains("errors: 0");
        assertThat(sub.exitStatus()).as(sub.toString()).isZero();
        assertThat(sub.out()).contains("messages: 2000 received in ")
                .containsPattern("end-to-end latency: p50 [0-9.]+ .*\\(2000 samples\\)")
                .contains("connections: 2 connected, 0 refused, 0 failed, 0 lost").contains("errors: 0");
    }

    @Test
    void pub_qos0Mqtt311_fromTheCliJarProcess_countedBySub() {
        BenchRun sub = BenchRun.start("bench", "sub", "--host", broker.host(), "--port", port(), "-c", "1",
                "-t", "bench/zero/#", "--protocol-version", "3.1.1", "--count", "1500")
                .awaitOutput("Subscribed 1 connected");
        Path jar = Path.of(System.getProperty("mqttools.jar", "../mqttools-cli/target/mqttools.jar"));
        assertThat(Files.isRegularFile(jar)).as("the CLI jar " + jar).isTrue();

        // QoS 0 over loopback to a subscriber that keeps up: nothing is dropped by either broker.
        try (ToolProcess pub = ToolProcess.start(List.of(ExternalTools.java().toString(), "-jar", jar.toString(),
                "bench", "pub", "--host", broker.host(), "--port", port(), "-c", "3", "-t", "bench/zero/%i",
                "--protocol-version", "3.1.1", "--count", "500", "--rate", "1000"))) {
            assertThat(pub.awaitExit(Duration.ofSeconds(120))).as(pub.describe()).isZero();
            assertThat(pub.stdout()).as(pub.describe()).anyMatch(l -> l.startsWith("messages: 1500 sent in "))
                    .contains("errors: 0").noneMatch(l -> l.startsWith("ack latency"));
        }
        assertThat(sub.exitStatus()).as(sub.toString()).isZero();
        assertThat(sub.out()).contains("messages: 1500 received in ").contains("(1500 samples)");
    }

    @Test
    void sub_countNotReachedWithinTheDuration_exitsOne() {
        BenchRun sub = BenchRun.run("bench", "sub", "--host", broker.host(), "--port", port(), "-c", "1",
                "-t", "bench/nobody", "--count", "5", "--duration", "1");

        assertThat(sub.exitStatus()).as(sub.toString()).isEqualTo(1);
        assertThat(sub.out()).contains("messages: 0 received").contains("missing: 5 of the 5 messages expected")
                .contains("errors: 5").contains("end-to-end latency: no samples");
    }
}
