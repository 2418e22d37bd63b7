package io.mqttools.protocol.packet;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import java.util.Objects;

/**
 * PUBLISH. {@code packetId} is 0 for QoS 0 and 1..65535 otherwise. The topic may be empty only in
 * MQTT 5 when a Topic Alias property stands for it.
 */
public record Publish(String topic, QoS qos, boolean retain, boolean dup, int packetId, Bytes payload,
                      Properties properties) implements Packet {
    public Publish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
        if (qos == QoS.AT_MOST_ONCE) {
            if (packetId != 0) {
                throw new IllegalArgumentException("a QoS 0 PUBLISH has no packet identifier"); // [MQTT-2.2.1-2]
            }
            if (dup) {
                throw new IllegalArgumentException("a QoS 0 PUBLISH must not have DUP set"); // [MQTT-3.3.1-2]
            }
        } else {
            Packet.requirePacketId(packetId);
        }
    }

    /** A QoS 0 message with no properties. */
    public static Publish of(String topic, Bytes payload) {
        return new Publish(topic, QoS.AT_MOST_ONCE, false, false, 0, payload, Properties.EMPTY);
    }

    public Publish withPacketId(QoS newQos, int newPacketId) {
        return new Publish(topic, newQos, retain, newQos != QoS.AT_MOST_ONCE && dup, newPacketId, payload, properties);
    }

    public Publish withDup(boolean newDup) {
        return new Publish(topic, qos, retain, newDup, packetId, payload, properties);
    }

    public Publish withRetain(boolean newRetain) {
        return new Publish(topic, qos, newRetain, dup, packetId, payload, properties);
    }

    public Publish withTopic(String newTopic) {
        return new Publish(newTopic, qos, retain, dup, packetId, payload, properties);
    }

    public Publish withProperties(Properties newProperties) {
        return new Publish(topic, qos, retain, dup, packetId, payload, newProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }
}
