package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import java.util.Objects;

/**
 * CONNACK. In 3.1.1 the return code is mapped to a reason code: 1 Unsupported Protocol Version,
 * 2 Client Identifier not valid, 3 Server unavailable, 4 Bad User Name or Password, 5 Not authorized.
 */
public record ConnAck(boolean sessionPresent, ReasonCode reasonCode, Properties properties) implements Packet {
    public ConnAck {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidFor(PacketType.CONNACK)) {
            throw new IllegalArgumentException(reasonCode + " is not a CONNACK reason code");
        }
    }

    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
