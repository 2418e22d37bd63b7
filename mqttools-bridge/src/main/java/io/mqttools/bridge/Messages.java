package io.mqttools.bridge;

import io.mqttools.client.Message;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.UserProperty;
import io.mqttools.protocol.packet.Publish;

/** Between the broker's {@link Publish} and the client's {@link Message}, keeping what both carry. */
final class Messages {
    private Messages() {
    }

    /** A local message for the remote broker, under its remote topic. */
    static Message toRemote(Publish p, String topic, boolean retain) {
        Properties props = p.properties();
        return new Message(topic, p.payload(), p.qos(), retain, props.getString(PropertyId.RESPONSE_TOPIC),
                props.getBytes(PropertyId.CORRELATION_DATA), props.userProperties(),
                props.getString(PropertyId.CONTENT_TYPE));
    }

    /** A remote message for this broker, under its local topic. */
    static Publish toLocal(Message m, String topic) {
        Properties properties = Properties.EMPTY;
        if (m.responseTopic() != null || m.correlationData() != null || !m.userProperties().isEmpty()
                || m.contentType() != null) {
            Properties.Builder b = Properties.builder();
            if (m.responseTopic() != null) {
                b.set(PropertyId.RESPONSE_TOPIC, m.responseTopic());
            }
            if (m.correlationData() != null) {
                b.set(PropertyId.CORRELATION_DATA, m.correlationData());
            }
            if (m.contentType() != null) {
                b.set(PropertyId.CONTENT_TYPE, m.contentType());
            }
            for (UserProperty u : m.userProperties()) {
                b.set(PropertyId.USER_PROPERTY, u);
            }
            properties = b.build();
        }
        return new Publish(topic, m.qos(), m.retain(), false, m.qos() == QoS.AT_MOST_ONCE ? 0 : 1, m.payload(),
                properties);
    }
}
