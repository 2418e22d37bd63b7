package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.UnsubscribeException;

/** Subscribes, unsubscribes, and shows the error of unsubscribing from what is not subscribed (MQTT 5). */
public final class UnsubscribeExample {
    private UnsubscribeExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        try (Client client = Client.builder(broker.host, broker.port).build()) {
            client.start();
            client.subscribe("/test/unsubscribe");
            client.unsubscribe("/test/unsubscribe");
            try {
                client.unsubscribe("/test/never/subscribed");
            } catch (UnsubscribeException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
