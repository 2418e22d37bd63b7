package io.mqttools.broker.session;

import io.mqttools.protocol.packet.Will;
import java.util.concurrent.ScheduledFuture;

/** A will waiting out its Will Delay Interval; guarded by the registry's monitor. */
final class PendingWill {
    final Will will;
    ScheduledFuture<?> timer;

    PendingWill(Will will) {
        this.will = will;
    }
}
