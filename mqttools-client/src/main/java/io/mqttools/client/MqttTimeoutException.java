package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** The broker did not answer within the response timeout. */
public class MqttTimeoutException extends MqttException {
    public MqttTimeoutException(String message) {
        super(message);
    }

    public MqttTimeoutException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
