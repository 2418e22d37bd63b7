package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** The broker did not confirm an unsubscribe with Success; {@link #reasonCode()} says why (e.g. 0x11 No subscription existed). */
public class UnsubscribeException extends MqttException {
    public UnsubscribeException(String message) {
        super(message);
    }

    public UnsubscribeException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
