package io.mqttools.client.internal;

import io.mqttools.protocol.packet.Publish;

/** What the connection reports to the public API; called on the client's event loop, must not block. */
public interface ClientListener {
    /**
     * A message arrived (topic aliases already resolved).
     *
     * @return false to stop reading from the broker until {@link Connector#resumeReading()} is called
     */
    boolean onPublish(Publish publish);

    void onConnectionLost(String reason, Throwable cause, boolean reconnecting);

    void onReconnected(boolean sessionPresent);
}
