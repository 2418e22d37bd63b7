package io.mqttools.broker.config;

import java.nio.file.Path;

/**
 * Where sessions and retained messages are kept.
 *
 * @param dataDir the directory of the embedded store, or null to keep everything in memory (lost on exit)
 */
public record PersistenceConfig(Path dataDir) {
    /** Everything in memory: the default, as mosquitto's {@code persistence false}. */
    public static final PersistenceConfig IN_MEMORY = new PersistenceConfig(null);

    /**
     * What mosquitto's {@code persistence} and {@code persistence_location} mean here, for the
     * configuration file: with persistence on, the store is the directory {@code mqttools.db} inside the
     * location (mosquitto's own {@code mosquitto.db} file may sit beside it), the working directory when
     * no location is given; with it off, everything stays in memory.
     *
     * @param location the {@code persistence_location} value, or null when absent
     */
    public static PersistenceConfig fromMosquitto(boolean persistence, Path location) {
        if (!persistence) {
            return IN_MEMORY;
        }
        return new PersistenceConfig((location == null ? Path.of("") : location).resolve("mqttools.db"));
    }

    /** True when sessions and retained messages survive a restart. */
    public boolean durable() {
        return dataDir != null;
    }
}
