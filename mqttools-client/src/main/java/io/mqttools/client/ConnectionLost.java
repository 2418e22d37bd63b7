package io.mqttools.client;

/**
 * The connection to the broker was lost.
 *
 * @param reason       a sentence saying why, e.g. "Broker closed the connection" or the broker's DISCONNECT reason
 * @param cause        the underlying exception, or null
 * @param reconnecting true when the client is reconnecting by itself (a {@link Reconnected} follows once
 *                     it succeeds); false when the client gave up and {@link Client#start()} must be called again
 */
public record ConnectionLost(String reason, Throwable cause, boolean reconnecting) implements Event {
}
