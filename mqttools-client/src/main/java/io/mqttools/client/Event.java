package io.mqttools.client;

/**
 * What a {@link Client}'s event queue delivers: a received {@link Message}, or a change of the
 * connection ({@link ConnectionLost}, {@link Reconnected}).
 *
 * <pre>{@code
 * Event event = client.events().take();
 * if (event instanceof Message m) {
 *     System.out.println(m.topic() + " " + m.payloadAsString());
 * } else if (event instanceof ConnectionLost lost) {
 *     System.out.println("Broker connection lost: " + lost.reason());
 * }
 * }</pre>
 */
public sealed interface Event permits Message, ConnectionLost, Reconnected {
}
