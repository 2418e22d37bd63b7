package io.mqttools.protocol.codec.v311;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** MQTT 3.1.1 SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (3.1.1 sections 3.8 to 3.11). */
public final class SubscribeCodec {
    private SubscribeCodec() {
    }

    public static Subscribe decodeSubscribe(ByteBuf body) throws DecodeException {
        int packetId = Mqtt311Codec.readPacketId(body, PacketType.SUBSCRIBE);
        List<Subscription> subscriptions = new ArrayList<>(2);
        while (body.isReadable()) {
            String filter = readFilter(body);
            int options = body.readUnsignedByte();
            if ((options & 0xFC) != 0 || (options & 0x03) == 3) {
                // [MQTT-3-8.3-4] reserved bits must be 0 and the QoS 0, 1 or 2
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "invalid requested QoS byte " + options);
            }
            subscriptions.add(new Subscription(filter, QoS.of(options)));
        }
        if (subscriptions.isEmpty()) {
            // [MQTT-3.8.3-3] at least one topic filter
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
        }
        return new Subscribe(packetId, subscriptions, Properties.EMPTY);
    }

    public static Unsubscribe decodeUnsubscribe(ByteBuf body) throws DecodeException {
        int packetId = Mqtt311Codec.readPacketId(body, PacketType.UNSUBSCRIBE);
        List<String> filters = new ArrayList<>(2);
        while (body.isReadable()) {
            filters.add(readFilter(body));
        }
        if (filters.isEmpty()) {
            // [MQTT-3.10.3-2] at least one topic filter
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters");
        }
        return new Unsubscribe(packetId, filters, Properties.EMPTY);
    }

    public static SubAck decodeSubAck(ByteBuf body) throws DecodeException {
        int packetId = Mqtt311Codec.readPacketId(body, PacketType.SUBACK);
        List<ReasonCode> codes = new ArrayList<>(body.readableBytes());
        while (body.isReadable()) {
            int value = body.readUnsignedByte();
            ReasonCode code = ReturnCodes.subAckReason(value);
            if (code == null) {
                // [MQTT-3.9.3-2] return codes other than 0x00, 0x01, 0x02 and 0x80 are reserved
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "SUBACK return code " + value + " reserved");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "SUBACK without return codes");
        }
        return new SubAck(packetId, codes, Properties.EMPTY);
    }

    private static String readFilter(ByteBuf body) throws DecodeException {
        String filter = MqttStrings.readUtf8(body);
        String problem = TopicFilter.validate(filter);
        if (problem != null) {
            // [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1]
            throw new DecodeException(ReasonCode.TOPIC_FILTER_INVALID, problem);
        }
        return filter;
    }

    public static int remainingLength(Subscribe p) {
        int n = 2;
        for (Subscription s : p.subscriptions()) {
            n += MqttStrings.utf8Size(s.topicFilter()) + 1;
        }
        return n;
    }

    /** Encodes filter and QoS; the MQTT 5 subscription options are not part of 3.1.1. */
    public static void encode(Subscribe p, ByteBuf out) {
        FixedHeader.write(out, PacketType.SUBSCRIBE.value() << 4 | PacketType.SUBSCRIBE.requiredFlags(),
                remainingLength(p));
        out.writeShort(p.packetId());
        for (Subscription s : p.subscriptions()) {
            MqttStrings.writeUtf8(out, s.topicFilter());
            out.writeByte(s.maxQos().value());
        }
    }

    public static int remainingLength(Unsubscribe p) {
        int n = 2;
        for (String f : p.topicFilters()) {
            n += MqttStrings.utf8Size(f);
        }
        return n;
    }

    public static void encode(Unsubscribe p, ByteBuf out) {
        FixedHeader.write(out, PacketType.UNSUBSCRIBE.value() << 4 | PacketType.UNSUBSCRIBE.requiredFlags(),
                remainingLength(p));
        out.writeShort(p.packetId());
        for (String f : p.topicFilters()) {
            MqttStrings.writeUtf8(out, f);
        }
    }

    public static int remainingLength(SubAck p) {
        return 2 + p.reasonCodes().size();
    }

    public static void encode(SubAck p, ByteBuf out) {
        List<ReasonCode> codes = p.reasonCodes();
        FixedHeader.write(out, PacketType.SUBACK.value() << 4, 2 + codes.size());
        out.writeShort(p.packetId());
        for (int i = 0; i < codes.size(); i++) {
            out.writeByte(ReturnCodes.subAckReturnCode(codes.get(i)));
        }
    }

    /** A 3.1.1 UNSUBACK has only the packet identifier: any reason codes are left out. */
    public static void encode(UnsubAck p, ByteBuf out) {
        FixedHeader.write(out, PacketType.UNSUBACK.value() << 4, 2);
        out.writeShort(p.packetId());
    }
}
