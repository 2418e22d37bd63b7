package io.mqttools.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketIdsTest {
    @Test
    void next_freshAllocator_countsUpFromOne() {
        assertThat(PacketIds.next(0, id -> false)).isEqualTo(1);
        assertThat(PacketIds.next(1, id -> false)).isEqualTo(2);
    }

    @Test
    void next_idsInUse_skipped() {
        // [MQTT-2.2.1-4] an identifier is not reused while its exchange is open
        Set<Integer> inUse = Set.of(1, 2, 4);
        assertThat(PacketIds.next(0, inUse::contains)).isEqualTo(3);
        assertThat(PacketIds.next(3, inUse::contains)).isEqualTo(5);
    }

    @Test
    void next_after65535_wrapsToOneNeverZero() {
        Set<Integer> seen = new HashSet<>();
        int last = 0;
        for (int i = 0; i < 65_535; i++) {
            last = PacketIds.next(last, id -> false);
            seen.add(last);
        }
        assertThat(seen).hasSize(65_535).doesNotContain(0);
        assertThat(PacketIds.next(last, id -> false)).isEqualTo(1);
    }

    @Test
    void next_allInUse_zero() {
        assertThat(PacketIds.next(0, id -> true)).isZero();
        assertThat(PacketIds.next(65_535, id -> id != 7)).isEqualTo(7); // the only free one, found after wrapping
    }
}
