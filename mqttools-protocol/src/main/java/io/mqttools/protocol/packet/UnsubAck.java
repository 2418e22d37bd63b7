package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.List;
import java.util.Objects;

/** UNSUBACK: one reason code per topic filter in MQTT 5; an empty list in 3.1.1, whose UNSUBACK has none. */
public record UnsubAck(int packetId, List<ReasonCode> reasonCodes, Properties properties) implements Packet {
    public UnsubAck {
        Packet.requirePacketId(packetId);
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
        for (ReasonCode c : reasonCodes) {
            if (!c.isValidFor(PacketType.UNSUBACK)) {
                throw new IllegalArgumentException(c + " is not an UNSUBACK reason code");
            }
        }
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
