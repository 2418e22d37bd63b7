package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.QoS;

/**
 * Registers a will: if the connection ends without a clean {@code stop()} (kill the process), the broker
 * publishes {@code offline} to {@code /test/mqttools/status}.
 */
public final class WillExample {
    private WillExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        Client client = Client.builder(broker.host, broker.port)
                .will("/test/mqttools/status", Bytes.utf8("offline"), QoS.AT_LEAST_ONCE, true)
                .keepAlive(10)
                .build();
        client.start();
        System.out.println("Connected with a will; kill this process to see it published.");
        Thread.currentThread().join();
    }
}
