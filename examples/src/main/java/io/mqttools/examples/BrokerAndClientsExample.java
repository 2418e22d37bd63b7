package io.mqttools.examples;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.protocol.QoS;
import java.util.concurrent.TimeUnit;

/** A broker and two clients in one program: the subscriber prints what the publisher sends. */
public final class BrokerAndClientsExample {
    private BrokerAndClientsExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start();
             Client subscriber = Client.builder("127.0.0.1", broker.port()).subscription("/test/#").build();
             Client publisher = Client.builder("127.0.0.1", broker.port()).build()) {
            subscriber.start();
            publisher.start();
            publisher.publish(Message.of("/test/greeting", "Hello from one program!").withQos(QoS.AT_LEAST_ONCE)).join();
            if (subscriber.events().poll(5, TimeUnit.SECONDS) instanceof Message m) {
                System.out.println("Topic:   " + m.topic());
                System.out.println("Message: " + m.payloadAsString());
            } else {
                throw new IllegalStateException("the message did not arrive");
            }
        }
    }
}
