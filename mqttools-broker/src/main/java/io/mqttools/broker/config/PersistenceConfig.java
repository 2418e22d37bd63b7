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

    /** True when sessions and retained messages survive a restart. */
    public boolean durable() {
        return dataDir != null;
    }
}
