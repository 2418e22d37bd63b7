package io.mqttools.broker.session;

import java.util.function.IntPredicate;

/**
 * Allocates packet identifiers for PUBLISHes the broker sends: 1..65535 in turn, skipping those still
 * in use ([MQTT-2.2.1-4]: an identifier is not reused until its exchange is complete). The caller keeps
 * the last identifier given (an int in {@link Session}, not an object per session).
 */
public final class PacketIds {
    private PacketIds() {
    }

    /**
     * The first identifier after {@code last} (0 before the first) not in use, or 0 when all 65535 are.
     *
     * @param inUse true for identifiers whose exchange is still open
     */
    public static int next(int last, IntPredicate inUse) {
        int id = last;
        for (int i = 0; i < 0xFFFF; i++) {
            id = id == 0xFFFF ? 1 : id + 1;
            if (!inUse.test(id)) {
                return id;
            }
        }
        return 0;
    }
}
