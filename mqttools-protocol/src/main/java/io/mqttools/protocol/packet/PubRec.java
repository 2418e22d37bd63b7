package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.Objects;

/** PUBREC: reason code and properties are MQTT 5 only (3.1.1 carries SUCCESS and no properties). */
public record PubRec(int packetId, ReasonCode reasonCode, Properties properties) implements Packet, Acknowledgement {
    public PubRec {
        Packet.requirePacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidFor(PacketType.PUBREC)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBREC reason code");
        }
    }

    /** A successful PUBREC with no properties. */
    public PubRec(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
