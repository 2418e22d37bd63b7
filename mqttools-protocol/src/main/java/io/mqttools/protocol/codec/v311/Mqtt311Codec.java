package io.mqttools.protocol.codec.v311;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.packet.Acknowledgement;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Dispatches MQTT 3.1.1 and 3.1 packets, and codes the small ones itself (CONNACK, the four
 * publish acknowledgements, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT). Encoding leaves out what 3.1.1
 * cannot carry: properties, acknowledgement reason codes, subscription options other than QoS.
 */
public final class Mqtt311Codec {
    private Mqtt311Codec() {
    }

    /**
     * Decodes a packet; for CONNECT the protocol name and level have been read already. The
     * fixed-header flags have been checked for all types but PUBLISH.
     */
    public static Packet decode(ProtocolVersion version, PacketType type, int flags, ByteBuf body)
            throws DecodeException {
        return switch (type) {
            case CONNECT -> ConnectCodec.decode(version, body);
            case CONNACK -> decodeConnAck(version, body);
            case PUBLISH -> PublishCodec.decode(flags, body);
            case PUBACK -> new PubAck(readPacketId(body, type));
            case PUBREC -> new PubRec(readPacketId(body, type));
            case PUBREL -> new PubRel(readPacketId(body, type));
            case PUBCOMP -> new PubComp(readPacketId(body, type));
            case SUBSCRIBE -> SubscribeCodec.decodeSubscribe(body);
            case SUBACK -> SubscribeCodec.decodeSubAck(body);
            case UNSUBSCRIBE -> SubscribeCodec.decodeUnsubscribe(body);
            case UNSUBACK -> new UnsubAck(readPacketId(body, type), List.of(), Properties.EMPTY);
            case PINGREQ -> PingReq.INSTANCE;
            case PINGRESP -> PingResp.INSTANCE;
            case DISCONNECT -> Disconnect.NORMAL;
            // packet type 15 is reserved before MQTT 5: a 3.1.1 peer cannot send AUTH
            case AUTH -> throw new DecodeException(ReasonCode.MALFORMED_PACKET, "AUTH does not exist in MQTT " + version);
        };
    }

    static int readPacketId(ByteBuf body, PacketType type) throws DecodeException {
        int packetId = body.readUnsignedShort();
        if (packetId == 0) {
            // [MQTT-2.3.1-1] packet identifiers are non-zero
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, type + " packet identifier 0");
        }
        return packetId;
    }

    private static ConnAck decodeConnAck(ProtocolVersion version, ByteBuf body) throws DecodeException {
        int flags = body.readUnsignedByte();
        boolean sessionPresent = false;
        if (version == ProtocolVersion.MQTT_3_1_1) {
            if ((flags & 0xFE) != 0) {
                // [MQTT-3.2.2-1] bits 7-1 of the acknowledge flags are reserved, 0
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "reserved CONNACK flags set");
            }
            sessionPresent = (flags & 0x01) != 0;
        }
        // 3.1 has an unused byte here (topic name compression, never used): it is ignored
        int returnCode = body.readUnsignedByte();
        ReasonCode reasonCode = ReturnCodes.connAckReason(returnCode);
        if (reasonCode == null) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "CONNACK return code " + returnCode + " reserved");
        }
        if (sessionPresent && returnCode != 0) {
            // [MQTT-3.2.2-4] a refusal must not claim a session
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "CONNACK refusal with Session Present set");
        }
        return new ConnAck(sessionPresent, reasonCode, Properties.EMPTY);
    }

    /** The remaining length of the encoded packet. */
    public static int remainingLength(ProtocolVersion version, Packet packet) {
        return switch (packet.type()) {
            case CONNECT -> ConnectCodec.remainingLength((Connect) packet);
            case PUBLISH -> PublishCodec.remainingLength((Publish) packet);
            case SUBSCRIBE -> SubscribeCodec.remainingLength((Subscribe) packet);
            case SUBACK -> SubscribeCodec.remainingLength((SubAck) packet);
            case UNSUBSCRIBE -> SubscribeCodec.remainingLength((Unsubscribe) packet);
            case CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK -> 2;
            case PINGREQ, PINGRESP, DISCONNECT -> 0;
            case AUTH -> throw noAuth(version);
        };
    }

    public static void encode(ProtocolVersion version, Packet packet, ByteBuf out) {
        PacketType type = packet.type();
        switch (type) {
            case CONNECT -> ConnectCodec.encode((Connect) packet, out);
            case CONNACK -> {
                ConnAck p = (ConnAck) packet;
                int returnCode = ReturnCodes.connAckReturnCode(p.reasonCode());
                FixedHeader.write(out, type.value() << 4, 2);
                // [MQTT-3.2.2-4] a refusal never claims a session; 3.1 has no Session Present flag
                out.writeByte(p.sessionPresent() && returnCode == 0 && version == ProtocolVersion.MQTT_3_1_1 ? 1 : 0);
                out.writeByte(returnCode);
            }
            case PUBLISH -> PublishCodec.encode((Publish) packet, out);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                FixedHeader.write(out, type.value() << 4 | type.requiredFlags(), 2);
                out.writeShort(((Acknowledgement) packet).packetId());
            }
            case SUBSCRIBE -> SubscribeCodec.encode((Subscribe) packet, out);
            case SUBACK -> SubscribeCodec.encode((SubAck) packet, out);
            case UNSUBSCRIBE -> SubscribeCodec.encode((Unsubscribe) packet, out);
            case UNSUBACK -> SubscribeCodec.encode((UnsubAck) packet, out);
            case PINGREQ, PINGRESP, DISCONNECT -> FixedHeader.write(out, type.value() << 4, 0);
            case AUTH -> throw noAuth(version);
        }
    }

    private static IllegalArgumentException noAuth(ProtocolVersion version) {
        return new IllegalArgumentException("AUTH does not exist in MQTT " + version);
    }
}
