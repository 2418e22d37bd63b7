package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import java.util.List;
import java.util.Objects;

/** SUBSCRIBE: at least one subscription ([MQTT-3.8.3-2]). */
public record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements Packet {
    public Subscribe {
        Packet.requirePacketId(packetId);
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(properties, "properties");
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("a SUBSCRIBE needs at least one topic filter");
        }
    }

    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
