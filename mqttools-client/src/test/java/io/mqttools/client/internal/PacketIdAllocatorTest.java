package io.mqttools.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketIdAllocatorTest {
    @Test
    void allocate_fresh_startsAtOneAndCountsUp() {
        PacketIdAllocator ids = new PacketIdAllocator();
        assertThat(ids.allocate()).isEqualTo(1);
        assertThat(ids.allocate()).isEqualTo(2);
        assertThat(ids.inUseCount()).isEqualTo(2);
    }

    @Test
    void allocate_afterRelease_doesNotReuseTheReleasedIdAtOnce() {
        PacketIdAllocator ids = new PacketIdAllocator();
        int first = ids.allocate();
        ids.release(first);
        assertThat(ids.allocate()).isNotEqualTo(first);
    }

    @Test
    void allocate_allInUse_returnsMinusOneUntilOneIsReleased() {
        PacketIdAllocator ids = new PacketIdAllocator();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65535; i++) {
            int id = ids.allocate();
            assertThat(id).isBetween(1, 65535);
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(ids.allocate()).isEqualTo(-1);
        ids.release(4711);
        assertThat(ids.allocate()).isEqualTo(4711);
    }

    @Test
    void allocate_wrapsAround_skipsIdsInUse() {
        PacketIdAllocator ids = new PacketIdAllocator();
        for (int i = 0; i < 65535; i++) {
            ids.allocate();
        }
        ids.release(1);
        ids.release(3);
        assertThat(ids.allocate()).isEqualTo(1);
        assertThat(ids.allocate()).isEqualTo(3);
    }

    @Test
    void reserve_keptId_isNotHandedOut() {
        PacketIdAllocator ids = new PacketIdAllocator();
        ids.reserve(1);
        assertThat(ids.allocate()).isEqualTo(2);
        assertThat(ids.isInUse(1)).isTrue();
        ids.release(1);
        ids.release(1);
        assertThat(ids.inUseCount()).isEqualTo(1);
    }
}
