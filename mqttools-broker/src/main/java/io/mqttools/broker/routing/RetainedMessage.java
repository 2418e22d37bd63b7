package io.mqttools.broker.routing;

import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.packet.Publish;
import java.util.concurrent.TimeUnit;

/** A retained message as stored, with the time (monotonic nanoseconds) it was stored, for its expiry. */
record RetainedMessage(Publish message, long storedAtNanos) {

    /** -1 when the message never expires, 0 when it has expired, else the whole seconds it has left. */
    long remainingSeconds(long now) {
        long interval = message.properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1);
        if (interval < 0) {
            return -1;
        }
        long waited = TimeUnit.NANOSECONDS.toSeconds(now - storedAtNanos);
        return Math.max(0, interval - waited);
    }

    /** The message to send now: its expiry interval lowered by the time it waited ([MQTT-3.3.2-6]). */
    Publish at(long now) {
        long remaining = remainingSeconds(now);
        if (remaining < 0) {
            return message;
        }
        return message.withProperties(message.properties().with(PropertyId.MESSAGE_EXPIRY_INTERVAL, remaining));
    }
}
