package io.mqttools.protocol.codec.v311;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
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

/** MQTT 3.1.1 and 3.1 CONNECT (3.1.1 section 3.1); 3.1 differs only in protocol name and level. */
public final class ConnectCodec {
    private ConnectCodec() {
    }

    /** Decodes the rest of a CONNECT whose protocol name and level have been read. */
    public static Connect decode(ProtocolVersion version, ByteBuf body) throws DecodeException {
        ConnectFlags flags = ConnectFlags.read(body);
        if (flags.password() && !flags.username()) {
            // [MQTT-3.1.2-22] a password needs a user name in 3.1.1 (and 3.1)
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "password without user name");
        }
        int keepAlive = body.readUnsignedShort();
        String clientId = MqttStrings.readUtf8(body);
        Will will = null;
        if (flags.will()) {
            String topic = MqttStrings.readUtf8(body);
            if (TopicName.validate(topic) != null) {
                // [MQTT-3.1.3-10] the will topic is a topic name; [MQTT-3.3.2-2] no wildcards in it
                throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, "invalid will topic: " + TopicName.validate(topic));
            }
            Bytes payload = MqttStrings.readBinary(body);
            will = new Will(topic, payload, flags.willQos(), flags.willRetain(), Properties.EMPTY);
        }
        String username = flags.username() ? MqttStrings.readUtf8(body) : null;
        Bytes password = flags.password() ? MqttStrings.readBinary(body) : null;
        return new Connect(version, clientId, flags.cleanStart(), keepAlive, username, password, will, Properties.EMPTY);
    }

    public static int remainingLength(Connect c) {
        int n = MqttStrings.utf8Size(c.version().protocolName()) + 1 + 1 + 2;
        n += MqttStrings.utf8Size(c.clientId());
        Will will = c.will();
        if (will != null) {
            n += MqttStrings.utf8Size(will.topic());
            n += MqttStrings.binarySize(will.payload());
        }
        if (c.username() != null) {
            n += MqttStrings.utf8Size(c.username());
        }
        if (c.password() != null) {
            if (c.username() == null) {
                throw new IllegalArgumentException("MQTT " + c.version() + " cannot send a password without a user name");
            }
            n += MqttStrings.binarySize(c.password());
        }
        return n;
    }

    /** Encodes for the CONNECT's own version (3.1 or 3.1.1); properties are not part of these versions. */
    public static void encode(Connect c, ByteBuf out) {
        FixedHeader.write(out, PacketType.CONNECT.value() << 4, remainingLength(c));
        MqttStrings.writeUtf8(out, c.version().protocolName());
        out.writeByte(c.version().level() | (c.bridge() ? 0x80 : 0));
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
        MqttStrings.writeUtf8(out, c.clientId());
        if (will != null) {
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
