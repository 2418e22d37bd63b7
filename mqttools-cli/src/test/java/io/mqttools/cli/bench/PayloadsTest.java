package io.mqttools.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    @Test
    void stamped_startsWithTheEpochMicrosBigEndian_thenFill() {
        long before = Payloads.nowMicros();
        byte[] p = Payloads.stamped(20);
        long after = Payloads.nowMicros();

        assertThat(p).hasSize(20);
        assertThat(ByteBuffer.wrap(p).getLong()).isBetween(before, after);
        for (int i = 8; i < 20; i++) {
            assertThat(p[i]).isEqualTo((byte) 0xA5);
        }
    }

    @Test
    void ageMicros_ofAStampedPayload_isTheTimeSinceTheStamp() {
        byte[] p = ByteBuffer.allocate(8).putLong(1_000_000_000_000L).array();

        assertThat(Payloads.ageMicros(p, 1_000_000_000_250L)).isEqualTo(250);
        assertThat(Payloads.ageMicros(p, 999_999_999_990L)).as("clock skew: counted as 0").isZero();
    }

    @Test
    void ageMicros_shortOrImplausiblePayload_isMinusOne() {
        assertThat(Payloads.ageMicros(new byte[7], Payloads.nowMicros())).isEqualTo(-1);
        assertThat(Payloads.ageMicros("hello world".getBytes(), Payloads.nowMicros())).isEqualTo(-1);
    }
}
