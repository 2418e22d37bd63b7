package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.Objects;

/** PUBREL: reason code and properties are MQTT 5 only (3.1.1 carries SUCCESS and no properties). */
public record PubRel(int packetId, ReasonCode reasonCode, Properties properties) implements Packet, Acknowledgement {
    public PubRel {
        Packet.requirePacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidFor(PacketType.PUBREL)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBREL reason code");
        }
    }

    /** A successful PUBREL with no properties. */
    public PubRel(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
