package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import java.util.List;
import java.util.Objects;

/** UNSUBSCRIBE: at least one topic filter ([MQTT-3.10.3-2]). */
public record Unsubscribe(int packetId, List<String> topicFilters, Properties properties) implements Packet {
    public Unsubscribe {
        Packet.requirePacketId(packetId);
        topicFilters = List.copyOf(topicFilters);
        Objects.requireNonNull(properties, "properties");
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("an UNSUBSCRIBE needs at least one topic filter");
        }
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
