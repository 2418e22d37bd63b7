package io.mqttools.protocol.packet;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import java.util.Objects;

/** The will message of a CONNECT, with its Will Properties (MQTT 5). */
public record Will(String topic, Bytes payload, QoS qos, boolean retain, Properties properties) {
    public Will {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
    }
}
