package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.codec.VariableByteInteger;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** MQTT 5 SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (spec sections 3.8 to 3.11). */
public final class SubscribeCodec {
    private SubscribeCodec() {
    }

    public static Subscribe decodeSubscribe(ByteBuf body) throws DecodeException {
        int packetId = readPacketId(body, PacketType.SUBSCRIBE);
        Properties properties = PropertiesCodec.read(body, PacketType.SUBSCRIBE);
        List<Subscription> subscriptions = new ArrayList<>(2);
        while (body.isReadable()) {
            String filter = readFilter(body);
            int options = body.readUnsignedByte();
            if ((options & 0xC0) != 0) {
                // [MQTT-3.8.3-5] bits 7-6 of the subscription options are reserved, 0
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "reserved subscription option bits set");
            }
            int qos = options & 0x03;
            if (qos == 3) {
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "subscription with maximum QoS 3");
            }
            int retainHandling = (options >> 4) & 0x03;
            if (retainHandling == 3) {
                // 3.8.3.1: Retain Handling 3 is a Protocol Error
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "Retain Handling 3");
            }
            boolean noLocal = (options & 0x04) != 0;
            if (noLocal && filter.startsWith("$share/")) {
                // [MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "No Local on a shared subscription");
            }
            subscriptions.add(new Subscription(filter, QoS.of(qos), noLocal, (options & 0x08) != 0,
                    RetainHandling.of(retainHandling)));
        }
        if (subscriptions.isEmpty()) {
            // [MQTT-3.8.3-2] at least one topic filter
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
        }
        return new Subscribe(packetId, subscriptions, properties);
    }

    public static Unsubscribe decodeUnsubscribe(ByteBuf body) throws DecodeException {
        int packetId = readPacketId(body, PacketType.UNSUBSCRIBE);
        Properties properties = PropertiesCodec.read(body, PacketType.UNSUBSCRIBE);
        List<String> filters = new ArrayList<>(2);
        while (body.isReadable()) {
            filters.add(readFilter(body));
        }
        if (filters.isEmpty()) {
            // [MQTT-3.10.3-2] at least one topic filter
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters");
        }
        return new Unsubscribe(packetId, filters, properties);
    }

    public static SubAck decodeSubAck(ByteBuf body) throws DecodeException {
        int packetId = readPacketId(body, PacketType.SUBACK);
        Properties properties = PropertiesCodec.read(body, PacketType.SUBACK);
        return new SubAck(packetId, readReasonCodes(body, PacketType.SUBACK), properties);
    }

    public static UnsubAck decodeUnsubAck(ByteBuf body) throws DecodeException {
        int packetId = readPacketId(body, PacketType.UNSUBACK);
        Properties properties = PropertiesCodec.read(body, PacketType.UNSUBACK);
        return new UnsubAck(packetId, readReasonCodes(body, PacketType.UNSUBACK), properties);
    }

    private static int readPacketId(ByteBuf body, PacketType type) throws DecodeException {
        int packetId = body.readUnsignedShort();
        if (packetId == 0) {
            // [MQTT-2.2.1-3] packet identifiers are non-zero
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, type + " packet identifier 0");
        }
        return packetId;
    }

    private static String readFilter(ByteBuf body) throws DecodeException {
        String filter = MqttStrings.readUtf8(body);
        String problem = TopicFilter.validate(filter);
        if (problem != null) {
            // [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.3-1] [MQTT-4.8.2-1] [MQTT-4.8.2-2]
            throw new DecodeException(ReasonCode.TOPIC_FILTER_INVALID, problem);
        }
        return filter;
    }

    private static List<ReasonCode> readReasonCodes(ByteBuf body, PacketType type) throws DecodeException {
        List<ReasonCode> codes = new ArrayList<>(body.readableBytes());
        while (body.isReadable()) {
            int value = body.readUnsignedByte();
            ReasonCode code = ReasonCode.of(type, value);
            if (code == null) {
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, type + " reason code " + value + " unknown");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            // one reason code per topic filter of the request, which had at least one
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, type + " without reason codes");
        }
        return codes;
    }

    public static int remainingLength(Subscribe p) {
        int n = 2 + PropertiesCodec.size(p.properties());
        for (Subscription s : p.subscriptions()) {
            n += MqttStrings.utf8Size(s.topicFilter()) + 1;
        }
        return n;
    }

    public static void encode(Subscribe p, ByteBuf out) {
        int content = PropertiesCodec.contentSize(p.properties());
        int n = 2 + VariableByteInteger.size(content) + content;
        for (Subscription s : p.subscriptions()) {
            n += MqttStrings.utf8Size(s.topicFilter()) + 1;
        }
        FixedHeader.write(out, PacketType.SUBSCRIBE.value() << 4 | PacketType.SUBSCRIBE.requiredFlags(), n);
        out.writeShort(p.packetId());
        PropertiesCodec.write(out, p.properties(), content);
        for (Subscription s : p.subscriptions()) {
            MqttStrings.writeUtf8(out, s.topicFilter());
            out.writeByte(s.maxQos().value() | (s.noLocal() ? 0x04 : 0) | (s.retainAsPublished() ? 0x08 : 0)
                    | s.retainHandling().value() << 4);
        }
    }

    public static int remainingLength(Unsubscribe p) {
        int n = 2 + PropertiesCodec.size(p.properties());
        for (String f : p.topicFilters()) {
            n += MqttStrings.utf8Size(f);
        }
        return n;
    }

    public static void encode(Unsubscribe p, ByteBuf out) {
        int content = PropertiesCodec.contentSize(p.properties());
        int n = 2 + VariableByteInteger.size(content) + content;
        for (String f : p.topicFilters()) {
            n += MqttStrings.utf8Size(f);
        }
        FixedHeader.write(out, PacketType.UNSUBSCRIBE.value() << 4 | PacketType.UNSUBSCRIBE.requiredFlags(), n);
        out.writeShort(p.packetId());
        PropertiesCodec.write(out, p.properties(), content);
        for (String f : p.topicFilters()) {
            MqttStrings.writeUtf8(out, f);
        }
    }

    public static int remainingLength(SubAck p) {
        return 2 + PropertiesCodec.size(p.properties()) + p.reasonCodes().size();
    }

    public static void encode(SubAck p, ByteBuf out) {
        encodeAck(PacketType.SUBACK, p.packetId(), p.properties(), p.reasonCodes(), out);
    }

    public static int remainingLength(UnsubAck p) {
        return 2 + PropertiesCodec.size(p.properties()) + p.reasonCodes().size();
    }

    public static void encode(UnsubAck p, ByteBuf out) {
        encodeAck(PacketType.UNSUBACK, p.packetId(), p.properties(), p.reasonCodes(), out);
    }

    private static void encodeAck(PacketType type, int packetId, Properties properties, List<ReasonCode> codes,
                                  ByteBuf out) {
        int content = PropertiesCodec.contentSize(properties);
        FixedHeader.write(out, type.value() << 4, 2 + VariableByteInteger.size(content) + content + codes.size());
        out.writeShort(packetId);
        PropertiesCodec.write(out, properties, content);
        for (int i = 0; i < codes.size(); i++) {
            out.writeByte(codes.get(i).value());
        }
    }
}
