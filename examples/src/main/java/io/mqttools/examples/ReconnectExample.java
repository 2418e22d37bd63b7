package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.ConnectionLost;
import io.mqttools.client.Event;
import io.mqttools.client.Message;
import io.mqttools.client.Reconnected;
import java.time.Duration;
import java.util.List;

/**
 * Stays subscribed through broker restarts: the client reconnects by itself (after 1, 2, 4, 8, 8...
 * seconds) and restores its subscription; the application only sees the events.
 */
public final class ReconnectExample {
    private ReconnectExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        try (Client client = Client.builder(broker.host, broker.port)
                .subscription("/test/#")
                .reconnectDelays(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)))
                .build()) {
            client.start();
            while (true) {
                Event event = client.events().take();
                if (event instanceof Message m) {
                    System.out.println(m.topic() + " " + m.payloadAsString());
                } else if (event instanceof ConnectionLost lost) {
                    System.out.println("Connection lost (" + lost.reason() + "); reconnecting: " + lost.reconnecting());
                } else if (event instanceof Reconnected r) {
                    System.out.println("Reconnected; session present: " + r.sessionPresent());
                }
            }
        }
    }
}
