package io.mqttools.client;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.UserProperty;
import java.util.List;
import java.util.Objects;

/**
 * An application message, as published with {@link Client#publish(Message)} and as received from
 * {@link Client#events()}. Immutable; build variants with the {@code with...} methods.
 *
 * <pre>{@code
 * client.publish(Message.of("/test/mqttools/foo", "bar").withQos(QoS.AT_LEAST_ONCE)).join();
 * }</pre>
 *
 * @param topic           the topic name (no wildcards)
 * @param payload         the payload bytes
 * @param qos             the quality of service it is (or was) sent with
 * @param retain          the retain flag
 * @param responseTopic   MQTT 5 Response Topic, or null
 * @param correlationData MQTT 5 Correlation Data, or null
 * @param userProperties  MQTT 5 User Properties, in order (empty when none)
 * @param contentType     MQTT 5 Content Type, or null
 */
public record Message(String topic, Bytes payload, QoS qos, boolean retain, String responseTopic,
                      Bytes correlationData, List<UserProperty> userProperties, String contentType)
        implements Event {
    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        userProperties = List.copyOf(userProperties);
    }

    /** A QoS 0 message with a UTF-8 text payload. */
    public static Message of(String topic, String payload) {
        return of(topic, Bytes.utf8(payload));
    }

    /** A QoS 0 message; the array is copied. */
    public static Message of(String topic, byte[] payload) {
        return of(topic, Bytes.copyOf(payload));
    }

    /** A QoS 0 message. */
    public static Message of(String topic, Bytes payload) {
        return new Message(topic, payload, QoS.AT_MOST_ONCE, false, null, null, List.of(), null);
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return payload.asUtf8();
    }

    public Message withQos(QoS newQos) {
        return new Message(topic, payload, newQos, retain, responseTopic, correlationData, userProperties, contentType);
    }

    public Message withRetain(boolean newRetain) {
        return new Message(topic, payload, qos, newRetain, responseTopic, correlationData, userProperties, contentType);
    }

    public Message withResponseTopic(String newResponseTopic) {
        return new Message(topic, payload, qos, retain, newResponseTopic, correlationData, userProperties, contentType);
    }

    public Message withCorrelationData(Bytes newCorrelationData) {
        return new Message(topic, payload, qos, retain, responseTopic, newCorrelationData, userProperties, contentType);
    }

    public Message withUserProperties(List<UserProperty> newUserProperties) {
        return new Message(topic, payload, qos, retain, responseTopic, correlationData, newUserProperties, contentType);
    }

    public Message withContentType(String newContentType) {
        return new Message(topic, payload, qos, retain, responseTopic, correlationData, userProperties, newContentType);
    }
}
