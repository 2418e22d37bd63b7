package io.mqttools.client.internal;

import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Publish;
import java.util.concurrent.CompletableFuture;

/**
 * One outgoing PUBLISH from acceptance to completion: the packet as the user gave it (full topic, no
 * packet identifier), the identifier once assigned, and where the QoS 2 exchange stands. Event-loop
 * confined after hand-over.
 */
final class PendingPublish {
    final Publish publish;
    final CompletableFuture<ReasonCode> future;
    int packetId;
    /** QoS 2: PUBREC received, PUBREL sent, waiting for PUBCOMP. */
    boolean released;
    /** The reason code of the PUBREC, reported when the PUBCOMP arrives. */
    ReasonCode recReason = ReasonCode.SUCCESS;

    PendingPublish(Publish publish, CompletableFuture<ReasonCode> future) {
        this.publish = publish;
        this.future = future;
    }
}
