package io.mqttools.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketIdsTest {
    @Test
    void next_freshAllocator_countsUpFromOne() {
        PacketIds ids = new PacketIds();
        assertThat(ids.next(id -> false)).isEqualTo(1);
        assertThat(ids.next(id -> false)).isEqualTo(2);
    }

    @Test
    void next_idsInUse_skipped() {
        // [MQTT-2.2.1-4] an identifier is not reused while its exchange is open
        PacketIds ids = new PacketIds();
        Set<Integer> inUse = Set.of(1, 2, 4);
        assertThat(ids.next(inUse::contains)).isEqualTo(3);
        assertThat(ids.next(inUse::contains)).isEqualTo(5);
    }

    @Test
    void next_after65535_wrapsToOneNeverZero() {
        PacketIds ids = new PacketIds();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65_535; i++) {
            seen.add(ids.next(id -> false));
        }
        assertThat(seen).hasSize(65_535).doesNotContain(0);
        assertThat(ids.next(id -> false)).isEqualTo(1);
    }

    @Test
    void next_allInUse_zero() {
        assertThat(new PacketIds().next(id -> true)).isZero();
    }
}
