package io.mqttools.client.internal;

import java.util.BitSet;

/**
 * Hands out packet identifiers 1..65535 that are not in use, round-robin so that a just-released
 * identifier is not reused at once (a late duplicate acknowledgement then cannot complete the wrong
 * exchange). Event-loop confined.
 */
final class PacketIdAllocator {
    static final int MAX_ID = 0xFFFF;

    private final BitSet inUse = new BitSet(MAX_ID + 1);
    private int next = 1;
    private int count;

    /** A free identifier, marked in use; -1 when all 65535 are in use. */
    int allocate() {
        if (count == MAX_ID) {
            return -1;
        }
        int id = inUse.nextClearBit(next);
        if (id > MAX_ID) {
            id = inUse.nextClearBit(1);
        }
        inUse.set(id);
        count++;
        next = id == MAX_ID ? 1 : id + 1;
        return id;
    }

    /** Marks an identifier in use, e.g. one kept from before a reconnect. */
    void reserve(int id) {
        if (!inUse.get(id)) {
            inUse.set(id);
            count++;
        }
    }

    void release(int id) {
        if (id >= 1 && id <= MAX_ID && inUse.get(id)) {
            inUse.clear(id);
            count--;
        }
    }

    boolean isInUse(int id) {
        return inUse.get(id);
    }

    int inUseCount() {
        return count;
    }
}
