package io.mqttools.broker.session;

import java.util.function.IntPredicate;

/**
 * Allocates packet identifiers for PUBLISHes the broker sends: 1..65535 in turn, skipping those still
 * in use ([MQTT-2.2.1-4]: an identifier is not reused until its exchange is complete). Not thread-safe:
 * confined to the session owner's event loop.
 */
public final class PacketIds {
    private int last;

    /**
     * The next identifier not in use, or 0 when all 65535 are.
     *
     * @param inUse true for identifiers whose exchange is still open
     */
    public int next(IntPredicate inUse) {
        for (int i = 0; i < 0xFFFF; i++) {
            last = last == 0xFFFF ? 1 : last + 1;
            if (!inUse.test(last)) {
                return last;
            }
        }
        return 0;
    }
}
