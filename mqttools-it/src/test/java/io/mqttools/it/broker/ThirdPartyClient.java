package io.mqttools.it.broker;

import io.mqttools.it.support.TestBroker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One in-process third-party MQTT client behind a small common interface, so that every test can run over
 * Eclipse Paho (mqttv3 and mqttv5) and the HiveMQ MQTT Client (3.1.1 and 5.0) alike. Every call blocks until
 * the broker has answered.
 */
interface ThirdPartyClient extends AutoCloseable {
    Duration STEP = Duration.ofSeconds(10);

    /** Connects and returns the CONNACK's session-present flag. {@code will} may be null. */
    boolean connect(boolean cleanStart, Will will) throws Exception;

    /** Subscribes and returns the granted QoS (or the failure reason code, 0x80 and up). */
    int subscribe(String filter, int qos) throws Exception;

    /** Unsubscribes and returns the UNSUBACK reason codes where the library exposes them (else an empty list). */
    java.util.List<Integer> unsubscribe(String filter) throws Exception;

    /** Publishes and waits for the QoS flow to complete. */
    void publish(String topic, byte[] payload, int qos, boolean retain) throws Exception;

    /** The messages received so far, in arrival order. */
    BlockingQueue<Message> messages();

    /** Whether the library considers itself connected. */
    boolean isConnected();

    /** Sends a normal DISCONNECT. */
    void disconnect() throws Exception;

    /**
     * Ends the connection so that the broker must publish the will: without DISCONNECT where the library
     * allows it, else (HiveMQ 5.0) with DISCONNECT 0x04 "disconnect with will message".
     */
    void dropConnection() throws Exception;

    /** Waits for the next message, failing after {@link #STEP}. */
    default Message next() throws InterruptedException {
        Message message = messages().poll(STEP.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + STEP + " for " + this);
        }
        return message;
    }

    @Override
    void close();

    /** A received message. */
    record Message(String topic, byte[] payload, int qos, boolean retain) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Message m && topic.equals(m.topic) && Arrays.equals(payload, m.payload)
                    && qos == m.qos && retain == m.retain;
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, Arrays.hashCode(payload), qos, retain);
        }

        @Override
        public String toString() {
            return "Message[" + topic + " q" + qos + (retain ? " retained" : "") + " '" + text() + "']";
        }
    }

    /** A will message for CONNECT. */
    record Will(String topic, byte[] payload, int qos, boolean retain) {
    }

    /** The client libraries and the protocol version each speaks. */
    enum Kind {
        PAHO_V311(false),
        PAHO_V5(true),
        HIVEMQ_V311(false),
        HIVEMQ_V5(true);

        private final boolean v5;

        Kind(boolean v5) {
            this.v5 = v5;
        }

        boolean isV5() {
            return v5;
        }

        ThirdPartyClient create(TestBroker broker, String clientId) throws Exception {
            return switch (this) {
                case PAHO_V311 -> new PahoV3Client(broker, clientId);
                case PAHO_V5 -> new PahoV5Client(broker, clientId);
                case HIVEMQ_V311 -> new HiveMqV3Client(broker, clientId);
                case HIVEMQ_V5 -> new HiveMqV5Client(broker, clientId);
            };
        }
    }
}
