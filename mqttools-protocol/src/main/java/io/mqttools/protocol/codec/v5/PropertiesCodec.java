package io.mqttools.protocol.codec.v5;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.UserProperty;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.MqttStrings;
import io.mqttools.protocol.codec.VariableByteInteger;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * MQTT 5 properties (spec section 2.2.2): a Variable Byte Integer length, then identifier/value pairs.
 *
 * <p>Decoding enforces where each property may appear, that single-valued ones appear once, and the
 * value ranges the spec fixes. A Topic Alias of 0 is refused here with TOPIC_ALIAS_INVALID (it needs no
 * connection state); an alias above the negotiated maximum is the connection's check. Encoding trusts
 * the packet: it writes what the {@link Properties} hold.
 */
public final class PropertiesCodec {
    private PropertiesCodec() {
    }

    /** Reads the properties of a packet of the given type. */
    public static Properties read(ByteBuf in, PacketType type) throws DecodeException {
        return read(in, type, false);
    }

    /** Reads the Will Properties of a CONNECT. */
    public static Properties readWill(ByteBuf in) throws DecodeException {
        return read(in, PacketType.CONNECT, true);
    }

    private static Properties read(ByteBuf in, PacketType type, boolean will) throws DecodeException {
        int length = VariableByteInteger.read(in);
        if (length == 0) {
            return Properties.EMPTY;
        }
        if (length > in.readableBytes()) {
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "property length beyond the end of the packet");
        }
        // a bounded slice: a value running past the property length is an out-of-bounds read, malformed
        ByteBuf p = in.readSlice(length);
        Properties.Builder b = Properties.builder();
        boolean subscriptionIdentifierSeen = false;
        while (p.isReadable()) {
            int idValue = VariableByteInteger.read(p);
            PropertyId id = PropertyId.of(idValue);
            if (id == null) {
                throw new DecodeException(ReasonCode.MALFORMED_PACKET, "unknown property identifier " + idValue);
            }
            if (will ? !id.isAllowedInWill() : !id.isAllowedIn(type)) {
                throw new DecodeException(ReasonCode.PROTOCOL_ERROR,
                        id + " is not allowed in " + (will ? "the will properties" : type.name()));
            }
            switch (id.type()) {
                case BYTE -> setInteger(b, id, p.readUnsignedByte());
                case TWO_BYTE -> setInteger(b, id, p.readUnsignedShort());
                case FOUR_BYTE -> setInteger(b, id, p.readUnsignedInt());
                case VARIABLE_BYTE -> {
                    int value = VariableByteInteger.read(p);
                    if (value == 0) {
                        // the spec makes a Subscription Identifier of 0 a Protocol Error (3.3.2.3.8, 3.8.2.1.2)
                        throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "Subscription Identifier 0");
                    }
                    if (type != PacketType.PUBLISH && subscriptionIdentifierSeen) {
                        throw duplicate(id);
                    }
                    subscriptionIdentifierSeen = true;
                    b.subscriptionIdentifier(value);
                }
                case UTF8 -> {
                    String value = MqttStrings.readUtf8(p);
                    if (id == PropertyId.RESPONSE_TOPIC && TopicName.validate(value) != null) {
                        // [MQTT-3.3.2-14] the Response Topic is a topic name, without wildcards
                        throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "Response Topic is not a valid topic name");
                    }
                    requireFirst(b, id);
                    b.set(id, value);
                }
                case BINARY -> {
                    Bytes value = MqttStrings.readBinary(p);
                    requireFirst(b, id);
                    b.set(id, value);
                }
                case UTF8_PAIR -> {
                    String name = MqttStrings.readUtf8(p);
                    String value = MqttStrings.readUtf8(p);
                    b.set(id, new UserProperty(name, value));
                }
                default -> throw new IllegalStateException(id.type().toString());
            }
        }
        return b.build();
    }

    private static void setInteger(Properties.Builder b, PropertyId id, long value) throws DecodeException {
        requireFirst(b, id);
        switch (id) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION,
                    MAXIMUM_QOS, RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE,
                    SUBSCRIPTION_IDENTIFIER_AVAILABLE, SHARED_SUBSCRIPTION_AVAILABLE -> {
                if (value > 1) {
                    // these are 0/1 values (Maximum QoS too: 2 is expressed by its absence)
                    throw new DecodeException(ReasonCode.PROTOCOL_ERROR, id + " must be 0 or 1, not " + value);
                }
            }
            case RECEIVE_MAXIMUM, MAXIMUM_PACKET_SIZE -> {
                if (value == 0) {
                    // a Receive Maximum or Maximum Packet Size of 0 is a Protocol Error (3.1.2.11.3, 3.1.2.11.4)
                    throw new DecodeException(ReasonCode.PROTOCOL_ERROR, id + " must not be 0");
                }
            }
            case TOPIC_ALIAS -> {
                if (value == 0) {
                    // 3.3.2.3.4: an alias of 0 is not permitted; the receiver answers Topic Alias invalid
                    throw new DecodeException(ReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias 0");
                }
            }
            default -> {
            }
        }
        b.set(id, value);
    }

    private static void requireFirst(Properties.Builder b, PropertyId id) throws DecodeException {
        if (b.has(id)) {
            throw duplicate(id);
        }
    }

    private static DecodeException duplicate(PropertyId id) {
        // 2.2.2.2: including a single-valued property more than once is a Protocol Error
        return new DecodeException(ReasonCode.PROTOCOL_ERROR, id + " included more than once");
    }

    /** The bytes of the property list without its length prefix. */
    public static int contentSize(Properties properties) {
        if (properties.isEmpty()) {
            return 0;
        }
        int size = 0;
        for (PropertyId id : properties.singleValued()) {
            size += 1 + switch (id.type()) {
                case BYTE -> 1;
                case TWO_BYTE -> 2;
                case FOUR_BYTE -> 4;
                case VARIABLE_BYTE -> VariableByteInteger.size((int) properties.getInt(id, 0));
                case UTF8 -> MqttStrings.utf8Size(properties.getString(id));
                case BINARY -> MqttStrings.binarySize(properties.getBytes(id));
                case UTF8_PAIR -> throw new IllegalStateException(id.toString());
            };
        }
        List<Integer> subscriptionIdentifiers = properties.subscriptionIdentifiers();
        for (int i = 0; i < subscriptionIdentifiers.size(); i++) {
            size += 1 + VariableByteInteger.size(subscriptionIdentifiers.get(i));
        }
        List<UserProperty> userProperties = properties.userProperties();
        for (int i = 0; i < userProperties.size(); i++) {
            UserProperty u = userProperties.get(i);
            size += 1 + MqttStrings.utf8Size(u.name()) + MqttStrings.utf8Size(u.value());
        }
        return size;
    }

    /** The bytes of the property list with its length prefix. */
    public static int size(Properties properties) {
        int content = contentSize(properties);
        return VariableByteInteger.size(content) + content;
    }

    /** Writes the length prefix and the properties; {@code contentSize} is {@link #contentSize}'s answer. */
    public static void write(ByteBuf out, Properties properties, int contentSize) {
        VariableByteInteger.write(out, contentSize);
        if (contentSize == 0) {
            return;
        }
        for (PropertyId id : properties.singleValued()) {
            out.writeByte(id.id());
            switch (id.type()) {
                case BYTE -> out.writeByte((int) properties.getInt(id, 0));
                case TWO_BYTE -> out.writeShort((int) properties.getInt(id, 0));
                case FOUR_BYTE -> out.writeInt((int) properties.getInt(id, 0));
                case VARIABLE_BYTE -> VariableByteInteger.write(out, (int) properties.getInt(id, 0));
                case UTF8 -> MqttStrings.writeUtf8(out, properties.getString(id));
                case BINARY -> MqttStrings.writeBinary(out, properties.getBytes(id));
                case UTF8_PAIR -> throw new IllegalStateException(id.toString());
            }
        }
        List<Integer> subscriptionIdentifiers = properties.subscriptionIdentifiers();
        for (int i = 0; i < subscriptionIdentifiers.size(); i++) {
            out.writeByte(PropertyId.SUBSCRIPTION_IDENTIFIER.id());
            VariableByteInteger.write(out, subscriptionIdentifiers.get(i));
        }
        List<UserProperty> userProperties = properties.userProperties();
        for (int i = 0; i < userProperties.size(); i++) {
            UserProperty u = userProperties.get(i);
            out.writeByte(PropertyId.USER_PROPERTY.id());
            MqttStrings.writeUtf8(out, u.name());
            MqttStrings.writeUtf8(out, u.value());
        }
    }
}
