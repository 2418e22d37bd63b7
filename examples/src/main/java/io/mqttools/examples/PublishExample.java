package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.protocol.QoS;

/** Publishes {@code bar} to {@code /test/mqttools/foo}, once at QoS 0 and once at QoS 1 (waiting for the PUBACK). */
public final class PublishExample {
    private PublishExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        try (Client client = Client.builder(broker.host, broker.port).build()) {
            client.start();
            client.publish(Message.of("/test/mqttools/foo", "bar")).join();
            System.out.println("QoS 1: " + client.publish(Message.of("/test/mqttools/foo", "bar").withQos(QoS.AT_LEAST_ONCE)).join());
        }
    }
}
