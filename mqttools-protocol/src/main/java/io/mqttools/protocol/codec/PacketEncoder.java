package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.codec.v311.Mqtt311Codec;
import io.mqttools.protocol.codec.v5.Mqtt5Codec;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes packets for a protocol version. Stateless; the broker uses {@link #encode(ByteBufAllocator,
 * ProtocolVersion, Packet)} to encode a fan-out PUBLISH once and share the buffer.
 *
 * <p>A CONNECT is always encoded for the version it names. For MQTT 3.1.1 and 3.1 what those versions
 * cannot carry is left out: properties, reason codes of PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK and
 * DISCONNECT, subscription options other than QoS; CONNACK and SUBACK reason codes map to the nearest
 * return code (see {@link io.mqttools.protocol.codec.v311.ReturnCodes}). Encoding AUTH for 3.1.1, or a
 * PUBLISH whose topic is empty (a Topic Alias) for 3.1.1, throws IllegalArgumentException. For MQTT 5
 * the short forms are used when they say the same: acknowledgements of Success without properties
 * have remaining length 2, DISCONNECT and AUTH of 0x00 without properties have remaining length 0.
 * The encoder trusts the packet's properties (which ones a packet may carry is checked on decoding).
 */
public final class PacketEncoder {
    private PacketEncoder() {
    }

    /** Writes the whole packet, fixed header included, to {@code out}. */
    public static void encode(ProtocolVersion version, Packet packet, ByteBuf out) {
        ProtocolVersion v = versionFor(version, packet);
        if (v.isV5()) {
            Mqtt5Codec.encode(packet, out);
        } else {
            Mqtt311Codec.encode(v, packet, out);
        }
    }

    /** A new buffer of exactly {@link #encodedSize} bytes holding the packet; the caller owns (and releases) it. */
    public static ByteBuf encode(ByteBufAllocator alloc, ProtocolVersion version, Packet packet) {
        ByteBuf buf = alloc.buffer(encodedSize(version, packet));
        try {
            encode(version, packet, buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** The size of the whole encoded packet in bytes, fixed header included, without encoding it. */
    public static int encodedSize(ProtocolVersion version, Packet packet) {
        ProtocolVersion v = versionFor(version, packet);
        int remaining = v.isV5() ? Mqtt5Codec.remainingLength(packet) : Mqtt311Codec.remainingLength(v, packet);
        return FixedHeader.packetSize(remaining);
    }

    private static ProtocolVersion versionFor(ProtocolVersion version, Packet packet) {
        if (packet instanceof Connect c) {
            return c.version();
        }
        if (version == null) {
            throw new IllegalStateException("no protocol version to encode " + packet.type() + " for");
        }
        return version;
    }
}
