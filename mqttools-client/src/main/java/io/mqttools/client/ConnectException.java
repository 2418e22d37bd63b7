package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** The client could not connect: the broker refused the CONNECT ({@link #reasonCode()} says why) or could not be reached (no reason code, the cause says why). */
public class ConnectException extends MqttException {
    public ConnectException(String message) {
        super(message);
    }

    public ConnectException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
