package io.mqttools.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MQTT.js (npm package {@code mqtt}) for the browser tests: the version pinned by
 * {@code src/test/js/package-lock.json}, installed with {@code npm ci} into {@code target/js} the first
 * time a test needs it (npm's own cache, ~/.npm, makes later installs offline). Needs node and npm, and
 * the npm registry the first time.
 */
public final class MqttJs {
    private static final Path SOURCE = Path.of("src", "test", "js");
    private static final Path TARGET = Path.of("target", "js");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "mqttjs.html");

    private MqttJs() {
    }

    /** The browser bundle {@code node_modules/mqtt/dist/mqtt.min.js}, installed if needed. */
    public static synchronized Path bundle() {
        ExternalTools.node();
        Path npm = ExternalTools.npm();
        Path bundle = TARGET.resolve("node_modules/mqtt/dist/mqtt.min.js");
        try {
            Files.createDirectories(TARGET);
            boolean changed = false;
            for (String name : FILES) {
                byte[] wanted = Files.readAllBytes(SOURCE.resolve(name));
                Path copy = TARGET.resolve(name);
                if (!Files.exists(copy) || !Arrays.equals(wanted, Files.readAllBytes(copy))) {
                    Files.write(copy, wanted);
                    changed = true;
                }
            }
            if (changed || !Files.exists(bundle)) {
                ToolProcess install = ToolProcess.start(List.of(npm.toString(), "ci", "--no-audit", "--no-fund",
                        "--ignore-scripts", "--loglevel=error"), TARGET, Map.of());
                int exit = install.awaitExit(Duration.ofMinutes(5));
                if (exit != 0 || !Files.exists(bundle)) {
                    throw new AssertionError("npm ci in " + TARGET.toAbsolutePath() + " failed (exit " + exit + "): "
                            + install.describe());
                }
            }
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException("installing MQTT.js into " + TARGET.toAbsolutePath(), e);
        }
    }

    /** The test page that loads the bundle from {@code /mqtt.min.js}. */
    public static Path page() {
        return TARGET.resolve("mqttjs.html");
    }
}
