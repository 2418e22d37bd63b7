package io.mqttools.protocol.codec;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.v311.Mqtt311Codec;
import io.mqttools.protocol.codec.v5.ConnectCodec;
import io.mqttools.protocol.codec.v5.Mqtt5Codec;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;

/**
 * Decodes one whole packet whose fixed header has been read. Stateless and pure: what depends on the
 * connection's history (CONNECT first and once, who may send what) is {@link MqttDecoder}'s job.
 */
public final class PacketDecoder {
    private PacketDecoder() {
    }

    /**
     * Decodes a packet body.
     *
     * <p>A CONNECT is decoded by the version it names, whatever {@code version} says. The payload of
     * a PUBLISH is copied once out of {@code body} into an array the packet owns.
     *
     * @param version   the connection's protocol version; null before the handshake, when only a CONNECT
     *                  (which names its own version) is accepted
     * @param firstByte the fixed header's first byte (type and flags)
     * @param body      exactly the remaining-length bytes; read, not released, by this method
     * @throws DecodeException for anything the spec says must not be accepted
     */
    public static Packet decode(ProtocolVersion version, int firstByte, ByteBuf body) throws DecodeException {
        PacketType type = checkFixedHeader(firstByte);
        try {
            Packet packet;
            if (type == PacketType.CONNECT) {
                boolean bridge = ProtocolHeader.bridge(body);
                ProtocolVersion named = ProtocolHeader.read(body);
                packet = named.isV5() ? ConnectCodec.decode(body) : Mqtt311Codec.decode(named, type, 0, body);
                if (bridge) {
                    packet = ((Connect) packet).asBridge();
                }
            } else if (version == null) {
                // [MQTT-3.1.0-1] the first packet must be a CONNECT
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR, type + " before CONNECT");
            } else if (version.isV5()) {
                packet = Mqtt5Codec.decode(type, firstByte & 0x0F, body);
            } else {
                packet = Mqtt311Codec.decode(version, type, firstByte & 0x0F, body);
            }
            if (body.isReadable()) {
                // the remaining length is exactly the packet's content: anything more is malformed
                throw new DecodeException(ReasonCode.MALFORMED_PACKET,
                        body.readableBytes() + " bytes after the end of the " + type);
            }
            return packet;
        } catch (IndexOutOfBoundsException e) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, type + " ends before its content");
        } catch (IllegalArgumentException e) {
            // a value the packet model refuses and no check above caught: still the peer's malformed packet
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, type + ": " + e.getMessage());
        }
    }

    /**
     * Checks the packet type and reserved flags of a fixed header's first byte.
     *
     * @throws DecodeException MALFORMED_PACKET for the reserved type 0 and for wrong reserved flags
     */
    public static PacketType checkFixedHeader(int firstByte) throws DecodeException {
        PacketType type = PacketType.of((firstByte >> 4) & 0x0F);
        if (type == null) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "reserved packet type 0");
        }
        int required = type.requiredFlags();
        if (required >= 0 && (firstByte & 0x0F) != required) {
            // [MQTT-2.1.3-1] reserved flags must have the listed values (3.1.1: [MQTT-2.2.2-1])
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "invalid fixed header flags for " + type);
        }
        return type;
    }
}
