package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** The broker refused a subscription; {@link #reasonCode()} says why. */
public class SubscribeException extends MqttException {
    public SubscribeException(String message) {
        super(message);
    }

    public SubscribeException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
