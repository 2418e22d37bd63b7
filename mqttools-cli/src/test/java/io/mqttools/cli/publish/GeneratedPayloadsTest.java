package io.mqttools.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratedPayloadsTest {
    @Test
    void payload_count100Size10_zeroPaddedCounterThenFill() {
        byte[] p = new GeneratedPayloads(100, 10).payload(7);
        assertThat(p).hasSize(10);
        assertThat(new String(p, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("07");
        for (int i = 2; i < 10; i++) {
            assertThat(p[i]).isEqualTo((byte) 0xA5);
        }
    }

    @Test
    void payload_sizeSmallerThanCounter_cut() {
        assertThat(new GeneratedPayloads(100000, 3).payload(12345)).containsExactly('1', '2', '3');
    }

    @Test
    void payload_countOne_singleDigit() {
        assertThat(new GeneratedPayloads(1, 1).payload(0)).containsExactly('0');
    }
}
