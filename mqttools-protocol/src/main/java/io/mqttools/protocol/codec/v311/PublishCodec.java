package io.mqttools.protocol.codec.v311;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;

/** MQTT 3.1.1 PUBLISH (3.1.1 section 3.3): topic, packet identifier for QoS 1 and 2, payload. */
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
        String problem = TopicName.validate(topic);
        if (problem != null) {
            // [MQTT-3.3.2-1] a topic name is required; [MQTT-3.3.2-2] without wildcards
            throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, problem);
        }
        int packetId = 0;
        if (qosValue > 0) {
            packetId = body.readUnsignedShort();
            if (packetId == 0) {
                // [MQTT-2.3.1-1] a QoS 1 or 2 PUBLISH needs a non-zero packet identifier
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "PUBLISH packet identifier 0");
            }
        }
        int length = body.readableBytes();
        Bytes payload = Bytes.EMPTY;
        if (length > 0) {
            byte[] data = new byte[length];
            body.readBytes(data);
            payload = Bytes.wrap(data);
        }
        return new Publish(topic, QoS.of(qosValue), (flags & 0x01) != 0, dup, packetId, payload, Properties.EMPTY);
    }

    public static int remainingLength(Publish p) {
        return topicSize(p) + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2) + p.payload().length();
    }

    private static int topicSize(Publish p) {
        if (p.topic().isEmpty()) {
            // only an MQTT 5 Topic Alias stands in for a topic; resolve it before sending to a 3.1.1 peer
            throw new IllegalArgumentException("an MQTT 3.1.1 PUBLISH needs a topic name");
        }
        return MqttStrings.utf8Size(p.topic());
    }

    /** Encodes the packet; its properties are not part of 3.1.1 and are left out. */
    public static void encode(Publish p, ByteBuf out) {
        int topicSize = topicSize(p);
        FixedHeader.write(out, PacketType.PUBLISH.value() << 4 | (p.dup() ? 0x08 : 0) | p.qos().value() << 1
                | (p.retain() ? 0x01 : 0), topicSize + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2) + p.payload().length());
        MqttStrings.writeUtf8(out, p.topic(), topicSize - 2);
        if (p.qos() != QoS.AT_MOST_ONCE) {
            out.writeShort(p.packetId());
        }
        out.writeBytes(p.payload().unsafeArray());
    }
}
