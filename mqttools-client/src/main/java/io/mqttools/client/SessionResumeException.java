package io.mqttools.client;

import io.mqttools.protocol.ReasonCode;

/** {@link Client#start(boolean)} asked to resume a session the broker did not have. The client is connected with a new, empty session when this is thrown: subscribe again. */
public class SessionResumeException extends MqttException {
    public SessionResumeException(String message) {
        super(message);
    }

    public SessionResumeException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, reasonCode, cause);
    }
}
