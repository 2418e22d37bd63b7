package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.protocol.Bytes;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 5 request/response: a responder answers on each request's response topic with its correlation
 * data; the requester matches the answer by that data.
 */
public final class RequestResponseExample {
    private RequestResponseExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        try (Client responder = Client.builder(broker.host, broker.port).subscription("/test/request").build();
             Client requester = Client.builder(broker.host, broker.port).build()) {
            responder.onMessage(request -> responder.publish(
                    Message.of(request.responseTopic(), "pong: " + request.payloadAsString())
                            .withCorrelationData(request.correlationData())));
            responder.start();

            String responseTopic = "/test/response/" + requester.clientId();
            requester.start();
            requester.subscribe(responseTopic);
            Bytes correlation = Bytes.utf8(UUID.randomUUID().toString());
            requester.publish(Message.of("/test/request", "ping").withResponseTopic(responseTopic)
                    .withCorrelationData(correlation)).join();
            if (requester.events().poll(5, TimeUnit.SECONDS) instanceof Message response
                    && correlation.equals(response.correlationData())) {
                System.out.println("Response: " + response.payloadAsString());
            } else {
                System.out.println("No response.");
            }
        }
    }
}
