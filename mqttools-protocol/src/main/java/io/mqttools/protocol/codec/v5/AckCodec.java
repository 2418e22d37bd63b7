package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.VariableByteInteger;
import io.mqttools.protocol.packet.Acknowledgement;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.netty.buffer.ByteBuf;

/**
 * MQTT 5 PUBACK, PUBREC, PUBREL and PUBCOMP (spec sections 3.4 to 3.7), with their short forms: a
 * remaining length of 2 means Success and no properties, of 3 a reason code and no properties.
 */
public final class AckCodec {
    private AckCodec() {
    }

    public static Acknowledgement decode(PacketType type, ByteBuf body) throws DecodeException {
        int packetId = body.readUnsignedShort();
        if (packetId == 0) {
            // [MQTT-2.2.1-3] packet identifiers are non-zero
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, type + " packet identifier 0");
        }
        ReasonCode reasonCode = ReasonCode.SUCCESS;
        Properties properties = Properties.EMPTY;
        if (body.isReadable()) {
            int value = body.readUnsignedByte();
            reasonCode = ReasonCode.of(type, value);
            if (reasonCode == null) {
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, type + " reason code " + value + " unknown");
            }
            if (body.isReadable()) {
                properties = PropertiesCodec.read(body, type);
            }
        }
        return switch (type) {
            case PUBACK -> new PubAck(packetId, reasonCode, properties);
            case PUBREC -> new PubRec(packetId, reasonCode, properties);
            case PUBREL -> new PubRel(packetId, reasonCode, properties);
            case PUBCOMP -> new PubComp(packetId, reasonCode, properties);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    public static int remainingLength(Acknowledgement p) {
        if (p.properties().isEmpty()) {
            return p.reasonCode() == ReasonCode.SUCCESS ? 2 : 3;
        }
        return 3 + PropertiesCodec.size(p.properties());
    }

    public static void encode(PacketType type, Acknowledgement p, ByteBuf out) {
        int firstByte = type.value() << 4 | type.requiredFlags();
        if (p.properties().isEmpty()) {
            boolean success = p.reasonCode() == ReasonCode.SUCCESS;
            FixedHeader.write(out, firstByte, success ? 2 : 3);
            out.writeShort(p.packetId());
            if (!success) {
                out.writeByte(p.reasonCode().value());
            }
            return;
        }
        int content = PropertiesCodec.contentSize(p.properties());
        FixedHeader.write(out, firstByte, 3 + VariableByteInteger.size(content) + content);
        out.writeShort(p.packetId());
        out.writeByte(p.reasonCode().value());
        PropertiesCodec.write(out, p.properties(), content);
    }
}
