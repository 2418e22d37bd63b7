package io.mqttools.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PersistenceConfigTest {
    @Test
    void fromMosquitto_persistenceFalse_inMemory() {
        assertThat(PersistenceConfig.fromMosquitto(false, Path.of("/var/lib/mosquitto"))).isEqualTo(PersistenceConfig.IN_MEMORY);
        assertThat(PersistenceConfig.IN_MEMORY.durable()).isFalse();
    }

    @Test
    void fromMosquitto_persistenceTrueWithLocation_storeInsideIt() {
        PersistenceConfig p = PersistenceConfig.fromMosquitto(true, Path.of("/var/lib/mosquitto/"));
        assertThat(p.dataDir()).isEqualTo(Path.of("/var/lib/mosquitto/mqttools.db"));
        assertThat(p.durable()).isTrue();
    }

    @Test
    void fromMosquitto_persistenceTrueWithoutLocation_workingDirectory() {
        assertThat(PersistenceConfig.fromMosquitto(true, null).dataDir()).isEqualTo(Path.of("mqttools.db"));
    }
}
