package io.mqttools.client.internal;

import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Publish;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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

    private final Function<ClientFailure, ? extends RuntimeException> failures;

    /** @param failures turns an internal failure into the exception the caller's future fails with */
    PendingPublish(Publish publish, CompletableFuture<ReasonCode> future,
                   Function<ClientFailure, ? extends RuntimeException> failures) {
        this.publish = publish;
        this.future = future;
        this.failures = failures;
    }

    void fail(ClientFailure failure) {
        future.completeExceptionally(failures.apply(failure));
    }
}
