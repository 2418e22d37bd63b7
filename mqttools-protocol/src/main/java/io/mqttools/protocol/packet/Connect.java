package io.mqttools.protocol.packet;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import java.util.Objects;

/**
 * CONNECT. {@code cleanStart} is Clean Session in 3.1.1. {@code username}, {@code password} and
 * {@code will} are null when absent. {@code keepAlive} is in seconds, 0..65535.
 */
public record Connect(ProtocolVersion version, String clientId, boolean cleanStart, int keepAlive,
                      String username, Bytes password, Will will, Properties properties) implements Packet {
    public Connect {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(properties, "properties");
        if (keepAlive < 0 || keepAlive > 0xFFFF) {
            throw new IllegalArgumentException("keep alive must be 0..65535, not " + keepAlive);
        }
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }
}
