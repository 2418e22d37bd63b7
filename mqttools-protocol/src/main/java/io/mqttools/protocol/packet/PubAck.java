package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.Objects;

/** PUBACK: reason code and properties are MQTT 5 only (3.1.1 carries SUCCESS and no properties). */
public record PubAck(int packetId, ReasonCode reasonCode, Properties properties) implements Packet, Acknowledgement {
    public PubAck {
        Packet.requirePacketId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidFor(PacketType.PUBACK)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBACK reason code");
        }
    }

    /** A successful PUBACK with no properties. */
    public PubAck(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
