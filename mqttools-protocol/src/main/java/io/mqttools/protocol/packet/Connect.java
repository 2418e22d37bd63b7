package io.mqttools.protocol.packet;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import java.util.Objects;

/**
 * CONNECT. {@code cleanStart} is Clean Session in 3.1.1. {@code username}, {@code password} and
 * {@code will} are null when absent. {@code keepAlive} is in seconds, 0..65535. {@code bridge} sets the
 * top bit of a 3.1.1 or 3.1 protocol level (0x84, 0x83): mosquitto's "try_private" mark of a bridge, which
 * such brokers answer by not sending the connection its own messages back and keeping their retain flag.
 */
public record Connect(ProtocolVersion version, String clientId, boolean cleanStart, int keepAlive,
                      String username, Bytes password, Will will, Properties properties, boolean bridge)
        implements Packet {
    /** A CONNECT of an ordinary client. */
    public Connect(ProtocolVersion version, String clientId, boolean cleanStart, int keepAlive, String username,
                   Bytes password, Will will, Properties properties) {
        this(version, clientId, cleanStart, keepAlive, username, password, will, properties, false);
    }

    public Connect {
        if (bridge && version.isV5()) {
            throw new IllegalArgumentException("the bridge mark is for MQTT 3.1.1 and 3.1; 5.0 bridges use No Local");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(properties, "properties");
        if (keepAlive < 0 || keepAlive > 0xFFFF) {
            throw new IllegalArgumentException("keep alive must be 0..65535, not " + keepAlive);
        }
    }

    /** The same CONNECT with the bridge mark. */
    public Connect asBridge() {
        return new Connect(version, clientId, cleanStart, keepAlive, username, password, will, properties, true);
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }
}
