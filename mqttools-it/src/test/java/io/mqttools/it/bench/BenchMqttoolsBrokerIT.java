package io.mqttools.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.cli.Main;
import io.mqttools.it.support.TestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mqttools bench} against our broker, embedded in the test JVM; and its argument errors. */
class BenchMqttoolsBrokerIT extends BenchContract {
    @Override
    TestBroker startBroker() {
        return TestBroker.mqttools();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "conn                                  | Missing required option: '--clients=N'",
            "conn -c 0                             | -c/--clients must be at least 1, not 0",
            "conn -c 1 --concurrency 0             | --concurrency must be at least 1, not 0",
            "conn -c 1 --hold -1                   | --hold must be 0 or more, not -1",
            "conn -c 1 --protocol-version 7        | --protocol-version must be 5 or 3.1.1, not '7'",
            "conn -c 1 -i one                      | -i/--client-id names one client; give --client-id-prefix",
            "pub -c 1                              | Missing required option: '--topic=TOPIC'",
            "pub -c 1 -t a/# --count 1             | Invalid topic 'a/#'",
            "pub -c 1 -t a -q 3                    | --qos must be 0, 1 or 2, not 3",
            "pub -c 1 -t a -s 7                    | -s/--size must be at least 8 (the timestamp), not 7",
            "pub -c 1 -t a -r -1                   | -r/--rate must be 0 or more, not -1.0",
            "pub -c 1 -t a --count 0               | --count must be at least 1, not 0",
            "pub -c 1 -t a --threads 0             | --threads must be at least 1, not 0",
            "sub -c 1 -t a/#/b                     | Invalid topic filter 'a/#/b'",
            "sub -c 1 -t a --duration 0            | --duration must be at least 1 second, not 0",
            "sub -c x -t a                         | Invalid value for option '--clients': 'x' is not an int",
            "                                      | Missing required subcommand: conn, pub or sub"})
    void badArguments_oneLineError_exitTwo(String args, String message) {
        String[] words = ("bench " + (args == null ? "" : args)).trim().split(" +");
        BenchRun run = BenchRun.run(words);

        assertThat(run.exitStatus()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1)
                .allMatch(l -> l.startsWith("error: ") && l.contains(message));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void conn_nothingListening_failuresCountedExitOne() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BenchRun conn = BenchRun.run("bench", "conn", "--host", "127.0.0.1", "--port", Integer.toString(closedPort),
                "-c", "3");

        assertThat(conn.exitStatus()).as(conn.toString()).isEqualTo(1);
        assertThat(conn.out()).contains("connections: 0 connected, 0 refused, 3 failed, 0 lost")
                .contains("errors: 3 (first: Cannot connect to 127.0.0.1:" + closedPort);
    }

    @Test
    void conn_passwordFile_rightPasswordConnects_wrongOneCountedAsRefused(@TempDir Path dir) {
        Path passwords = dir.resolve("passwd");
        assertThat(Main.commandLine().execute("passwd", "-c", "-b", passwords.toString(), "alice", "secret")).isZero();
        RunningBroker secured = Broker.builder().host("127.0.0.1").port(0)
                .security(new SecurityConfig(false, passwords, null)).build().start();
        try {
            String port = Integer.toString(secured.port());
            BenchRun ok = BenchRun.run("bench", "conn", "--host", "127.0.0.1", "--port", port, "-c", "3",
                    "--username", "alice", "--password", "secret");
            BenchRun wrong = BenchRun.run("bench", "conn", "--host", "127.0.0.1", "--port", port, "-c", "3",
                    "-u", "alice", "-P", "guess", "--protocol-version", "3.1.1");

            assertThat(ok.exitStatus()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("connections: 3 connected, 0 refused, 0 failed, 0 lost");
            assertThat(wrong.exitStatus()).as(wrong.toString()).isEqualTo(1);
            assertThat(wrong.out()).contains("connections: 0 connected, 3 refused, 0 failed, 0 lost")
                    .contains("errors: 3 (first: The broker at 127.0.0.1:" + port + " refused the connection");
        } finally {
            secured.close();
        }
    }
}
