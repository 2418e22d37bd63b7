package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.VariableByteInteger;
import io.mqttools.protocol.packet.ConnAck;
import io.netty.buffer.ByteBuf;

/** MQTT 5 CONNACK (spec section 3.2). */
public final class ConnAckCodec {
    private ConnAckCodec() {
    }

    public static ConnAck decode(ByteBuf body) throws DecodeException {
        int flags = body.readUnsignedByte();
        if ((flags & 0xFE) != 0) {
            // [MQTT-3.2.2-1] bits 7-1 of the acknowledge flags are reserved, 0
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "reserved CONNACK flags set");
        }
        int value = body.readUnsignedByte();
        ReasonCode reasonCode = ReasonCode.of(PacketType.CONNACK, value);
        if (reasonCode == null) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "CONNACK reason code " + value + " unknown");
        }
        if ((flags & 0x01) != 0 && reasonCode.isError()) {
            // [MQTT-3.2.2-6] a refusal must not claim a session
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "CONNACK refusal with Session Present set");
        }
        Properties properties = PropertiesCodec.read(body, PacketType.CONNACK);
        return new ConnAck((flags & 0x01) != 0, reasonCode, properties);
    }

    public static int remainingLength(ConnAck p) {
        return 2 + PropertiesCodec.size(p.properties());
    }

    public static void encode(ConnAck p, ByteBuf out) {
        int content = PropertiesCodec.contentSize(p.properties());
        FixedHeader.write(out, PacketType.CONNACK.value() << 4, 2 + VariableByteInteger.size(content) + content);
        // [MQTT-3.2.2-6] a refusal never claims a session
        out.writeByte(p.sessionPresent() && !p.reasonCode().isError() ? 1 : 0);
        out.writeByte(p.reasonCode().value());
        PropertiesCodec.write(out, p.properties(), content);
    }
}
