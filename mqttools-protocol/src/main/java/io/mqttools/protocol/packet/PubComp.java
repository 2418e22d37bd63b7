package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.Objects;

/** PUBCOMP: reason code and properties are MQTT 5 only (3.1.1 carries SUCCESS and no properties). */
public record PubComp(int packetId, ReasonCode reasonCode, Properties properties) implements Packet, Acknowledgement {
    public PubComp {
        Packet.requirePacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidFor(PacketType.PUBCOMP)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBCOMP reason code");
        }
    }

    /** A successful PUBCOMP with no properties. */
    public PubComp(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
