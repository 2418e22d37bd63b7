package io.mqttools.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeaturesTest {
    @Test
    void defaultIoThreads_halfTheProcessorsAtLeastOne() {
        assertThat(Features.defaultIoThreads(0, 1)).isEqualTo(1);
        assertThat(Features.defaultIoThreads(0, 2)).isEqualTo(1);
        assertThat(Features.defaultIoThreads(0, 3)).isEqualTo(1);
        assertThat(Features.defaultIoThreads(0, 4)).isEqualTo(2);
        assertThat(Features.defaultIoThreads(0, 16)).isEqualTo(8);
    }

    @Test
    void defaultIoThreads_nettysPropertyWins() {
        assertThat(Features.defaultIoThreads(6, 2)).isEqualTo(6);
    }

    @Test
    void effectiveIoThreads_givenCountOrTheDefault() {
        assertThat(new Features(null, Duration.ofSeconds(1), true, true, 3).effectiveIoThreads()).isEqualTo(3);
        assertThat(Features.DEFAULTS.effectiveIoThreads()).isEqualTo(Features.defaultIoThreads());
    }

    @Test
    void negativeIoThreads_refused() {
        assertThatThrownBy(() -> new Features(null, Duration.ofSeconds(1), true, true, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ioThreads must be 1 or more (0 for the default), not -2");
    }
}
