package io.mqttools.broker.config;

import io.mqttools.broker.BrokerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a mosquitto-style configuration file says: the broker's configuration, its log settings and the
 * warnings about directives read but not (or not fully) honoured, each {@code file:line: ...}.
 *
 * @param broker   the configuration to start the broker with
 * @param log      the log level and destination
 * @param warnings one line per directive ignored or approximated, in file order
 * @param pidFile  where the broker process writes its process id ({@code pid_file}), or null
 * @param bridges  the {@code connection} blocks, in file order (run by the bridge module, not the broker)
 */
public record ConfigFile(BrokerConfig broker, LogSettings log, List<String> warnings, Path pidFile,
                         List<BridgeConfig> bridges) {
    public ConfigFile {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(log, "log");
        warnings = List.copyOf(warnings);
        bridges = List.copyOf(bridges);
    }

    /** A file without bridges. */
    public ConfigFile(BrokerConfig broker, LogSettings log, List<String> warnings, Path pidFile) {
        this(broker, log, warnings, pidFile, List.of());
    }

    /** A file without {@code pid_file} and bridges. */
    public ConfigFile(BrokerConfig broker, LogSettings log, List<String> warnings) {
        this(broker, log, warnings, null, List.of());
    }
}
