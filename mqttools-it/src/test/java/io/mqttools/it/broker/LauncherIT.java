package io.mqttools.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mqttools} launcher script at the repository root: the JVM defaults it gives {@code broker}
 * (docs/benchmarks.md, "Launcher JVM defaults") and the two ways to override them. The JVM prints the
 * flags it runs with ({@code -XX:+PrintCommandLineFlags} in {@code JAVA_OPTS}); {@code --help} ends the command.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "mqttools").toAbsolutePath().normalize();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void broker_noOptions_getsSerialGcAndSmallInitialHeap() throws Exception {
        String flags = run(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "broker", "--help");

        assertThat(flags).contains("-XX:+UseSerialGC", "-XX:InitialHeapSize=33554432", "-XX:MaxNewSize=33554432");
    }

    @Test
    void broker_collectorInJavaOpts_replacesTheDefaultCollectorOnly() throws Exception {
        String flags = run(Map.of("JAVA_OPTS", "-XX:+UseParallelGC -XX:+PrintCommandLineFlags"), "broker", "--help");

        assertThat(flags).contains("-XX:+UseParallelGC", "-XX:InitialHeapSize=33554432").doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void broker_mqttoolsJavaOpts_replaceTheDefaults() throws Exception {
        String flags = run(Map.of("MQTTOOLS_JAVA_OPTS", "-Xms16m", "JAVA_OPTS", "-XX:+PrintCommandLineFlags"),
                "broker", "--help");

        assertThat(flags).contains("-XX:InitialHeapSize=16777216").doesNotContain("-XX:MaxNewSize=33554432");
    }

    @Test
    void otherCommand_getsNoBrokerDefaults() throws Exception {
        String flags = run(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");

        assertThat(flags).contains("mqttools ").doesNotContain("-XX:MaxNewSize=33554432");
    }

    @Test
    void broker_aotCacheBeforeJdk25_isIgnoredWithANote(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() < 25, "this JVM is 25 or later; the JDK 25 case is the next test");
        Path cache = dir.resolve("broker.aot");

        String out = run(Map.of("MQTTOOLS_AOT_CACHE", cache.toString(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags"),
                "broker", "--help");

        assertThat(out).contains("MQTTOOLS_AOT_CACHE needs JDK 25 or later").doesNotContain("AOTCache");
        assertThat(cache).doesNotExist();
    }

    @Test
    void broker_aotCacheOnJdk25_isRecordedThenUsed(@TempDir Path dir) throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(jdk25), "no JDK 25 at " + jdk25);
        Path cache = dir.resolve("broker.aot");
        Map<String, String> env = Map.of("MQTTOOLS_JAVA", jdk25.toString(), "MQTTOOLS_AOT_CACHE", cache.toString(),
                "JAVA_OPTS", "-XX:+PrintCommandLineFlags");

        String first = run(env, "broker", "--help");
        assertThat(first).contains("recording an AOT cache into " + cache, "-XX:AOTCacheOutput=" + cache);
        assertThat(cache).isNotEmptyFile(); // written when the JVM exits

        String second = run(env, "broker", "--help");
        assertThat(second).contains("-XX:AOTCache=" + cache).doesNotContain("AOTCacheOutput", "recording");
    }

    /** Runs the launcher with {@code env} (and this JVM as MQTTOOLS_JAVA unless env names one); its output, after checking it exited 0. */
    private static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        assertThat(LAUNCHER).isRegularFile();
        ProcessBuilder pb = new ProcessBuilder(concat(LAUNCHER.toString(), args)).redirectErrorStream(true);
        pb.environment().remove("MQTTOOLS_JAVA_OPTS");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("MQTTOOLS_AOT_CACHE");
        pb.environment().put("MQTTOOLS_JAVA", JAVA);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("launcher finished").isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit status; output:%n%s", text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
