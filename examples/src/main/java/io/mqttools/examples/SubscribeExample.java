package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.Event;
import io.mqttools.client.Message;

/** Subscribes to {@code /test/#} and prints every message published there. */
public final class SubscribeExample {
    private SubscribeExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        try (Client client = Client.builder(broker.host, broker.port).subscription("/test/#").build()) {
            client.start();
            while (true) {
                Event event = client.events().take();
                if (event instanceof Message m) {
                    System.out.println("Topic:   " + m.topic());
                    System.out.println("Message: " + m.payloadAsString());
                    System.out.println();
                }
            }
        }
    }
}
