package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/**
 * Base of the client's exceptions. Unchecked: most callers can only report them. Carries the broker's
 * reason code where there is one.
 */
public class MqttException extends RuntimeException {
    private final transient ReasonCode reasonCode;

    public MqttException(String message) {
        this(message, null, null);
    }

    public MqttException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** The reason code the broker gave, or null when the failure did not come from the broker. */
    public ReasonCode reasonCode() {
        return reasonCode;
    }
}
