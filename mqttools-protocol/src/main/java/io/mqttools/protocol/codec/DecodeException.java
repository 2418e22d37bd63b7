package io.mqttools.protocol.codec;

import io.mqttools.protocol.ReasonCode;

/**
 * A packet that must not be accepted, with the reason code the spec says to send for it (usually
 * MALFORMED_PACKET or PROTOCOL_ERROR; PACKET_TOO_LARGE, TOPIC_ALIAS_INVALID, UNSUPPORTED_PROTOCOL_VERSION,
 * CLIENT_IDENTIFIER_NOT_VALID and others where the spec names them).
 */
public final class DecodeException extends Exception {
    private final ReasonCode reasonCode;

    public DecodeException(ReasonCode reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    @Override
    public String toString() {
        return "DecodeException[" + reasonCode + "]: " + getMessage();
    }
}
