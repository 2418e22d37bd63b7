package io.mqttools.protocol.codec.properties;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import net.jqwik.api.Arbitrary;

/** A packet together with the protocol version it is valid in, as jqwik generates and reports it. */
public record VersionedPacket(ProtocolVersion version, Packet packet) {
    /** Any valid packet of any version. */
    public static Arbitrary<VersionedPacket> any() {
        return PacketArbitraries.versions().flatMap(v -> PacketArbitraries.packets(v).map(p -> new VersionedPacket(v, p)));
    }

    @Override
    public String toString() {
        return version + " " + packet;
    }
}
