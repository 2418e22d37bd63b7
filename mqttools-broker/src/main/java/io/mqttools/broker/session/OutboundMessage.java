package io.mqttools.broker.session;

import java.util.Objects;

/**
 * A QoS 1 or 2 message sent to the client and not yet fully acknowledged.
 *
 * @param packetId the identifier it was sent with
 * @param delivery what was sent
 * @param released true once PUBREC arrived and PUBREL was sent (QoS 2, waiting for PUBCOMP)
 */
public record OutboundMessage(int packetId, Delivery delivery, boolean released) {
    public OutboundMessage {
        Objects.requireNonNull(delivery, "delivery");
    }

    public OutboundMessage release() {
        return new OutboundMessage(packetId, delivery, true);
    }
}
