package io.mqttools.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.ToolProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mqttools broker --data-dir}: a directory it cannot use is one error line and exit 1, and is left as it was. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliPersistenceIT {
    @TempDir
    Path dir;

    @Test
    void brokerCommand_dataDirHoldingOtherFiles_errorLineExitOneNothingWiped() throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        try (ToolProcess cli = broker(dir)) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).as(cli.describe()).isEqualTo(1);
            assertThat(cli.stderr()).as(cli.describe()).anySatisfy(line -> assertThat(line)
                    .startsWith("error: ").contains(dir.toString()).contains("holds no mqttools store"));
        }
        assertThat(dir.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void brokerCommand_dataDirInUseByAnotherBroker_errorLineExitOne() {
        int port = FreePort.find();
        Path data = dir.resolve("store");
        try (ToolProcess first = ToolProcess.start(List.of(ExternalTools.java().toString(), "-jar", cliJar().toString(),
                "broker", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", data.toString()))) {
            first.awaitAnyLine(line -> line.contains("listening on"), Duration.ofSeconds(30));
            try (ToolProcess second = broker(data)) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.describe()).isEqualTo(1);
                assertThat(second.stderr()).as(second.describe()).anySatisfy(line -> assertThat(line)
                        .startsWith("error: cannot open data directory " + data));
            }
        }
    }

    private static ToolProcess broker(Path data) {
        return ToolProcess.start(List.of(ExternalTools.java().toString(), "-jar", cliJar().toString(), "broker",
                "--host", "127.0.0.1", "--port", Integer.toString(FreePort.find()), "--data-dir", data.toString()));
    }

    private static Path cliJar() {
        String property = System.getProperty("mqttools.jar");
        if (property == null) {
            fail("system property mqttools.jar is not set: run this test through Maven failsafe (mqttools-it/pom.xml)");
        }
        Path jar = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: build it with the reactor (./mvnw -pl mqttools-it -am verify)");
        }
        return jar;
    }
}
