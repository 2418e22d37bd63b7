package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.codec.ConnectFlags;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.FixedHeader;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBuf;

/** MQTT 5 CONNECT (spec section 3.1). */
public final class ConnectCodec {
    private ConnectCodec() {
    }

    /** Decodes the rest of a CONNECT whose protocol name and level (5) have been read. */
    public static Connect decode(ByteBuf body) throws DecodeException {
        ConnectFlags flags = ConnectFlags.read(body);
        int keepAlive = body.readUnsignedShort();
        Properties properties = PropertiesCodec.read(body, PacketType.CONNECT);
        if (properties.has(PropertyId.AUTHENTICATION_DATA) && !properties.has(PropertyId.AUTHENTICATION_METHOD)) {
            // 3.1.2.11.10: Authentication Data without an Authentication Method is a Protocol Error
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "Authentication Data without Authentication Method");
        }
        String clientId = MqttStrings.readUtf8(body);
        Will will = null;
        if (flags.will()) {
            Properties willProperties = PropertiesCodec.readWill(body);
            String topic = MqttStrings.readUtf8(body);
            if (TopicName.validate(topic) != null) {
                // [MQTT-3.3.2-2] the will topic is a topic name: no wildcards, not empty
                throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, "invalid will topic: " + TopicName.validate(topic));
            }
            Bytes payload = MqttStrings.readBinary(body);
            will = new Will(topic, payload, flags.willQos(), flags.willRetain(), willProperties);
        }
        String username = flags.username() ? MqttStrings.readUtf8(body) : null;
        Bytes password = flags.password() ? MqttStrings.readBinary(body) : null;
        return new Connect(ProtocolVersion.MQTT_5, clientId, flags.cleanStart(), keepAlive, username, password, will, properties);
    }

    public static int remainingLength(Connect c) {
        int n = MqttStrings.utf8Size(ProtocolVersion.MQTT_5.protocolName()) + 1 + 1 + 2;
        n += PropertiesCodec.size(c.properties());
        n += MqttStrings.utf8Size(c.clientId());
        Will will = c.will();
        if (will != null) {
            n += PropertiesCodec.size(will.properties());
            n += MqttStrings.utf8Size(will.topic());
            n += MqttStrings.binarySize(will.payload());
        }
        if (c.username() != null) {
            n += MqttStrings.utf8Size(c.username());
        }
        if (c.password() != null) {
            n += MqttStrings.binarySize(c.password());
        }
        return n;
    }

    public static void encode(Connect c, ByteBuf out) {
        FixedHeader.write(out, PacketType.CONNECT.value() << 4, remainingLength(c));
        MqttStrings.writeUtf8(out, ProtocolVersion.MQTT_5.protocolName());
        out.writeByte(ProtocolVersion.MQTT_5.level());
        Will will = c.will();
        int flags = c.cleanStart() ? 0x02 : 0;
        if (will != null) {
            flags |= 0x04 | will.qos().value() << 3 | (will.retain() ? 0x20 : 0);
        }
        if (c.password() != null) {
            flags |= 0x40;
        }
        if (c.username() != null) {
            flags |= 0x80;
        }
        out.writeByte(flags);
        out.writeShort(c.keepAlive());
        PropertiesCodec.write(out, c.properties(), PropertiesCodec.contentSize(c.properties()));
        MqttStrings.writeUtf8(out, c.clientId());
        if (will != null) {
            PropertiesCodec.write(out, will.properties(), PropertiesCodec.contentSize(will.properties()));
            MqttStrings.writeUtf8(out, will.topic());
            MqttStrings.writeBinary(out, will.payload());
        }
        if (c.username() != null) {
            MqttStrings.writeUtf8(out, c.username());
        }
        if (c.password() != null) {
            MqttStrings.writeBinary(out, c.password());
        }
    }
}
