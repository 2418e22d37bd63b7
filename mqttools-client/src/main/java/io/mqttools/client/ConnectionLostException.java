package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** An operation could not complete because the connection was lost or the client was stopped. */
public class ConnectionLostException extends MqttException {
    public ConnectionLostException(String message) {
        super(message);
    }

    public ConnectionLostException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
