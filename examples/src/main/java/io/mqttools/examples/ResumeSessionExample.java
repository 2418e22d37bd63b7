package io.mqttools.examples;

import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.client.SessionResumeException;
import io.mqttools.protocol.QoS;

/**
 * Resumes the broker-side session of a fixed client id: QoS 1 messages published while the client was
 * away are delivered when it comes back. The first run finds no session and subscribes.
 */
public final class ResumeSessionExample {
    private ResumeSessionExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerAddress broker = BrokerAddress.from(args);
        try (Client client = Client.builder(broker.host, broker.port)
                .clientId("mqttools-resume-example")
                .sessionExpiryInterval(3600)
                .build()) {
            try {
                client.start(true);
                System.out.println("Session resumed.");
            } catch (SessionResumeException e) {
                System.out.println("Session not resumed. Subscribing.");
                client.subscribe("/test/resume", QoS.AT_LEAST_ONCE);
            }
            while (client.events().poll(5, java.util.concurrent.TimeUnit.SECONDS) instanceof Message m) {
                System.out.println(m.topic() + " " + m.payloadAsString());
            }
        }
    }
}
