package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.packet.Acknowledgement;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;

/** Dispatches MQTT 5 packets to the codec of their family. */
public final class Mqtt5Codec {
    private Mqtt5Codec() {
    }

    /**
     * Decodes a packet other than CONNECT (whose protocol header the caller has already read: see
     * {@link ConnectCodec}). The fixed-header flags have been checked for all types but PUBLISH.
     */
    public static Packet decode(PacketType type, int flags, ByteBuf body) throws DecodeException {
        return switch (type) {
            case CONNECT -> ConnectCodec.decode(body);
            case CONNACK -> ConnAckCodec.decode(body);
            case PUBLISH -> PublishCodec.decode(flags, body);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> (Packet) AckCodec.decode(type, body);
            case SUBSCRIBE -> SubscribeCodec.decodeSubscribe(body);
            case SUBACK -> SubscribeCodec.decodeSubAck(body);
            case UNSUBSCRIBE -> SubscribeCodec.decodeUnsubscribe(body);
            case UNSUBACK -> SubscribeCodec.decodeUnsubAck(body);
            case PINGREQ -> PingReq.INSTANCE;
            case PINGRESP -> PingResp.INSTANCE;
            case DISCONNECT -> DisconnectCodec.decodeDisconnect(body);
            case AUTH -> DisconnectCodec.decodeAuth(body);
        };
    }

    /** The remaining length of the encoded packet. */
    public static int remainingLength(Packet packet) {
        return switch (packet.type()) {
            case CONNECT -> ConnectCodec.remainingLength((Connect) packet);
            case CONNACK -> ConnAckCodec.remainingLength((ConnAck) packet);
            case PUBLISH -> PublishCodec.remainingLength((Publish) packet);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AckCodec.remainingLength((Acknowledgement) packet);
            case SUBSCRIBE -> SubscribeCodec.remainingLength((Subscribe) packet);
            case SUBACK -> SubscribeCodec.remainingLength((SubAck) packet);
            case UNSUBSCRIBE -> SubscribeCodec.remainingLength((Unsubscribe) packet);
            case UNSUBACK -> SubscribeCodec.remainingLength((UnsubAck) packet);
            case PINGREQ, PINGRESP -> 0;
            case DISCONNECT -> DisconnectCodec.remainingLength((Disconnect) packet);
            case AUTH -> DisconnectCodec.remainingLength((Auth) packet);
        };
    }

    public static void encode(Packet packet, ByteBuf out) {
        switch (packet.type()) {
            case CONNECT -> ConnectCodec.encode((Connect) packet, out);
            case CONNACK -> ConnAckCodec.encode((ConnAck) packet, out);
            case PUBLISH -> PublishCodec.encode((Publish) packet, out);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AckCodec.encode(packet.type(), (Acknowledgement) packet, out);
            case SUBSCRIBE -> SubscribeCodec.encode((Subscribe) packet, out);
            case SUBACK -> SubscribeCodec.encode((SubAck) packet, out);
            case UNSUBSCRIBE -> SubscribeCodec.encode((Unsubscribe) packet, out);
            case UNSUBACK -> SubscribeCodec.encode((UnsubAck) packet, out);
            case PINGREQ, PINGRESP -> FixedHeader.write(out, packet.type().value() << 4, 0);
            case DISCONNECT -> DisconnectCodec.encode((Disconnect) packet, out);
            case AUTH -> DisconnectCodec.encode((Auth) packet, out);
        }
    }
}
