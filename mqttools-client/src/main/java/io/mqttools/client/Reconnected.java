package io.mqttools.client;

/**
 * The client reconnected by itself after a {@link ConnectionLost}: subscriptions are in place again and
 * unacknowledged QoS 1/2 messages were sent again.
 *
 * @param sessionPresent true when the broker resumed the previous session
 */
public record Reconnected(boolean sessionPresent) implements Event {
}
