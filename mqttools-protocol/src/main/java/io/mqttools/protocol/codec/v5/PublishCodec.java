package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.codec.VariableByteInteger;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;

/** MQTT 5 PUBLISH (spec section 3.3): the hot path, so no allocation beyond the packet itself. */
public final class PublishCodec {
    private PublishCodec() {
    }

    public static Publish decode(int flags, ByteBuf body) throws DecodeException {
        int qosValue = (flags >> 1) & 0x03;
        if (qosValue == 3) {
            // [MQTT-3.3.1-4] both QoS bits set is malformed
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "PUBLISH with QoS 3");
        }
        boolean dup = (flags & 0x08) != 0;
        if (dup && qosValue == 0) {
            // [MQTT-3.3.1-2] DUP must be 0 for QoS 0
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "PUBLISH QoS 0 with DUP set");
        }
        String topic = MqttStrings.readUtf8(body);
        int packetId = 0;
        if (qosValue > 0) {
            packetId = body.readUnsignedShort();
            if (packetId == 0) {
                // [MQTT-2.2.1-3] a QoS 1 or 2 PUBLISH needs a non-zero packet identifier
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "PUBLISH packet identifier 0");
            }
        }
        Properties properties = PropertiesCodec.read(body, PacketType.PUBLISH);
        if (topic.isEmpty()) {
            if (!properties.has(PropertyId.TOPIC_ALIAS)) {
                // 3.3.2.1: an empty topic name without a Topic Alias is a Protocol Error
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "empty topic name without a Topic Alias");
            }
        } else {
            String problem = TopicName.validate(topic);
            if (problem != null) {
                // [MQTT-3.3.2-2] no wildcards in a topic name
                throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, problem);
            }
        }
        int length = body.readableBytes();
        Bytes payload = Bytes.EMPTY;
        if (length > 0) {
            byte[] data = new byte[length];
            body.readBytes(data);
            payload = Bytes.wrap(data);
        }
        return new Publish(topic, QoS.of(qosValue), (flags & 0x01) != 0, dup, packetId, payload, properties);
    }

    public static int remainingLength(Publish p) {
        return MqttStrings.utf8Size(p.topic()) + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2)
                + PropertiesCodec.size(p.properties()) + p.payload().length();
    }

    public static void encode(Publish p, ByteBuf out) {
        int content = PropertiesCodec.contentSize(p.properties());
        int topicSize = MqttStrings.utf8Size(p.topic());
        int remaining = topicSize + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2)
                + VariableByteInteger.size(content) + content + p.payload().length();
        FixedHeader.write(out, firstByte(p), remaining);
        MqttStrings.writeUtf8(out, p.topic(), topicSize - 2);
        if (p.qos() != QoS.AT_MOST_ONCE) {
            out.writeShort(p.packetId());
        }
        PropertiesCodec.write(out, p.properties(), content);
        out.writeBytes(p.payload().unsafeArray());
    }

    /** The fixed header's first byte: type 3, DUP, QoS and RETAIN. */
    public static int firstByte(Publish p) {
        return PacketType.PUBLISH.value() << 4 | (p.dup() ? 0x08 : 0) | p.qos().value() << 1 | (p.retain() ? 0x01 : 0);
    }
}
