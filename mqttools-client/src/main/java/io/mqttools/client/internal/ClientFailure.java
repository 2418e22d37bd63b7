package io.mqttools.client.internal;

import io.mqttools.protocol.ReasonCode;

/**
 * How an internal operation failed; the public API turns it into its own exception types (this package
 * does not depend on the API package).
 */
public final class ClientFailure extends RuntimeException {
    /** The kinds of failure, one per public exception type. */
    public enum Kind {
        CONNECT_REFUSED, UNREACHABLE, TIMEOUT, CONNECTION_LOST, PUBLISH_FAILED, SUBSCRIBE_REFUSED,
        UNSUBSCRIBE_REFUSED, SESSION_NOT_RESUMED
    }

    private final Kind kind;
    private final transient ReasonCode reasonCode;

    public ClientFailure(Kind kind, ReasonCode reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reasonCode = reasonCode;
    }

    public ClientFailure(Kind kind, ReasonCode reasonCode, String message) {
        this(kind, reasonCode, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The broker's reason code, or null. */
    public ReasonCode reasonCode() {
        return reasonCode;
    }
}
