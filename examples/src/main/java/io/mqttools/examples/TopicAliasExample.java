package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.Message;
import java.util.List;

/**
 * Publishes to a long topic with a topic alias: the first PUBLISH carries the topic and alias 1, the
 * following ones only the alias (when the broker allows aliases).
 */
public final class TopicAliasExample {
    private TopicAliasExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        String topic = "/test/mqttools/a/rather/long/topic/name/sent/only/once";
        try (Client client = Client.builder(broker.host, broker.port).topicAliases(List.of(topic)).build()) {
            client.start();
            for (int i = 0; i < 10; i++) {
                client.publish(Message.of(topic, "message " + i)).join();
            }
        }
    }
}
