package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.VariableByteInteger;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.Disconnect;
import io.netty.buffer.ByteBuf;

/**
 * MQTT 5 DISCONNECT and AUTH (spec sections 3.14 and 3.15), which share a shape: an optional reason
 * code and optional properties. A remaining length of 0 means Normal disconnection / Success, of 1 a
 * reason code without properties.
 */
public final class DisconnectCodec {
    private DisconnectCodec() {
    }

    public static Disconnect decodeDisconnect(ByteBuf body) throws DecodeException {
        if (!body.isReadable()) {
            return Disconnect.NORMAL;
        }
        ReasonCode reasonCode = readReasonCode(body, PacketType.DISCONNECT);
        Properties properties = body.isReadable() ? PropertiesCodec.read(body, PacketType.DISCONNECT) : Properties.EMPTY;
        return new Disconnect(reasonCode, properties);
    }

    public static Auth decodeAuth(ByteBuf body) throws DecodeException {
        if (!body.isReadable()) {
            return new Auth(ReasonCode.SUCCESS, Properties.EMPTY);
        }
        ReasonCode reasonCode = readReasonCode(body, PacketType.AUTH);
        Properties properties = body.isReadable() ? PropertiesCodec.read(body, PacketType.AUTH) : Properties.EMPTY;
        return new Auth(reasonCode, properties);
    }

    private static ReasonCode readReasonCode(ByteBuf body, PacketType type) throws DecodeException {
        int value = body.readUnsignedByte();
        ReasonCode reasonCode = ReasonCode.of(type, value);
        if (reasonCode == null) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, type + " reason code " + value + " unknown");
        }
        return reasonCode;
    }

    public static int remainingLength(Disconnect p) {
        if (p.properties().isEmpty()) {
            return p.reasonCode() == ReasonCode.NORMAL_DISCONNECTION ? 0 : 1;
        }
        return 1 + PropertiesCodec.size(p.properties());
    }

    public static void encode(Disconnect p, ByteBuf out) {
        encode(PacketType.DISCONNECT, p.reasonCode(), p.properties(), out);
    }

    /** AUTH uses the empty short form for Success only; other codes carry a property length, as most peers expect. */
    public static int remainingLength(Auth p) {
        if (p.properties().isEmpty() && p.reasonCode() == ReasonCode.SUCCESS) {
            return 0;
        }
        return 1 + PropertiesCodec.size(p.properties());
    }

    public static void encode(Auth p, ByteBuf out) {
        if (p.properties().isEmpty() && p.reasonCode() == ReasonCode.SUCCESS) {
            FixedHeader.write(out, PacketType.AUTH.value() << 4, 0);
            return;
        }
        int content = PropertiesCodec.contentSize(p.properties());
        FixedHeader.write(out, PacketType.AUTH.value() << 4, 1 + VariableByteInteger.size(content) + content);
        out.writeByte(p.reasonCode().value());
        PropertiesCodec.write(out, p.properties(), content);
    }

    private static void encode(PacketType type, ReasonCode reasonCode, Properties properties, ByteBuf out) {
        int firstByte = type.value() << 4;
        if (properties.isEmpty()) {
            if (reasonCode.value() == 0) {
                FixedHeader.write(out, firstByte, 0);
            } else {
                FixedHeader.write(out, firstByte, 1);
                out.writeByte(reasonCode.value());
            }
            return;
        }
        int content = PropertiesCodec.contentSize(properties);
        FixedHeader.write(out, firstByte, 1 + VariableByteInteger.size(content) + content);
        out.writeByte(reasonCode.value());
        PropertiesCodec.write(out, properties, content);
    }
}
