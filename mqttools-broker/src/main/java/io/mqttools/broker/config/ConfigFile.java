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
 */
public record ConfigFile(BrokerConfig broker, LogSettings log, List<String> warnings, Path pidFile) {
    public ConfigFile {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(log, "log");
        warnings = List.copyOf(warnings);
    }

    /** A file without {@code pid_file}. */
    public ConfigFile(BrokerConfig broker, LogSettings log, List<String> warnings) {
        this(broker, log, warnings, null);
    }
}
