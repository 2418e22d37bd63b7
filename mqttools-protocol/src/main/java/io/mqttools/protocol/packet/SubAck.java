package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.List;
import java.util.Objects;

/**
 * SUBACK: one reason code per subscription, in order. 3.1.1 return codes map to GRANTED_QOS_0..2 and
 * UNSPECIFIED_ERROR (0x80, Failure).
 */
public record SubAck(int packetId, List<ReasonCode> reasonCodes, Properties properties) implements Packet {
    public SubAck {
        Packet.requirePacketId(packetId);
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
        for (ReasonCode c : reasonCodes) {
            if (!c.isValidFor(PacketType.SUBACK)) {
                throw new IllegalArgumentException(c + " is not a SUBACK reason code");
            }
        }
    }

    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
