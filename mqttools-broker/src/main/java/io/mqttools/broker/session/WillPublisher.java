package io.mqttools.broker.session;

import io.mqttools.protocol.packet.Will;

/** Publishes a client's will message as if the client had published it. Thread-safe. */
public interface WillPublisher {
    void publishWill(String clientId, Will will);
}
