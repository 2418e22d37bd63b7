package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** A publish failed: the broker acknowledged it with an error reason code, or the client refused to send it (too large for the broker, a QoS or retain the broker does not support); {@link #reasonCode()} says which. */
public class PublishException extends MqttException {
    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
