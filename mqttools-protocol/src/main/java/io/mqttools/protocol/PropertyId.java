package io.mqttools.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * MQTT 5.0 property identifiers (spec section 2.2.2.2) with their wire type and where each may appear.
 * A property outside its packets, or a single-valued property given twice, is a Protocol Error.
 */
public enum PropertyId {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, true, EnumSet.of(PacketType.PUBLISH)),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE, true, EnumSet.of(PacketType.PUBLISH)),
    CONTENT_TYPE(0x03, Type.UTF8, true, EnumSet.of(PacketType.PUBLISH)),
    RESPONSE_TOPIC(0x08, Type.UTF8, true, EnumSet.of(PacketType.PUBLISH)),
    CORRELATION_DATA(0x09, Type.BINARY, true, EnumSet.of(PacketType.PUBLISH)),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE, false, EnumSet.of(PacketType.PUBLISH, PacketType.SUBSCRIBE)),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE, false, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK, PacketType.DISCONNECT)),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8, false, EnumSet.of(PacketType.CONNACK)),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE, false, EnumSet.of(PacketType.CONNACK)),
    AUTHENTICATION_METHOD(0x15, Type.UTF8, false, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK, PacketType.AUTH)),
    AUTHENTICATION_DATA(0x16, Type.BINARY, false, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK, PacketType.AUTH)),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, false, EnumSet.of(PacketType.CONNECT)),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE, true, EnumSet.noneOf(PacketType.class)),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, false, EnumSet.of(PacketType.CONNECT)),
    RESPONSE_INFORMATION(0x1A, Type.UTF8, false, EnumSet.of(PacketType.CONNACK)),
    SERVER_REFERENCE(0x1C, Type.UTF8, false, EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    REASON_STRING(0x1F, Type.UTF8, false, EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.PUBREL, PacketType.PUBCOMP, PacketType.SUBACK, PacketType.UNSUBACK, PacketType.DISCONNECT, PacketType.AUTH)),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE, false, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK)),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE, false, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK)),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE, false, EnumSet.of(PacketType.PUBLISH)),
    MAXIMUM_QOS(0x24, Type.BYTE, false, EnumSet.of(PacketType.CONNACK)),
    RETAIN_AVAILABLE(0x25, Type.BYTE, false, EnumSet.of(PacketType.CONNACK)),
    USER_PROPERTY(0x26, Type.UTF8_PAIR, true, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK, PacketType.PUBLISH, PacketType.PUBACK, PacketType.PUBREC, PacketType.PUBREL, PacketType.PUBCOMP, PacketType.SUBSCRIBE, PacketType.SUBACK, PacketType.UNSUBSCRIBE, PacketType.UNSUBACK, PacketType.DISCONNECT, PacketType.AUTH)),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE, false, EnumSet.of(PacketType.CONNECT, PacketType.CONNACK)),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, false, EnumSet.of(PacketType.CONNACK)),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, false, EnumSet.of(PacketType.CONNACK)),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, false, EnumSet.of(PacketType.CONNACK));

    /** The wire data types of section 1.5. */
    public enum Type {
        BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE_BYTE, UTF8, BINARY, UTF8_PAIR;

        public boolean isInteger() {
            return this == BYTE || this == TWO_BYTE || this == FOUR_BYTE || this == VARIABLE_BYTE;
        }
    }

    /** Identifiers are below 64, so a set of them fits a long bit mask. */
    static final int MAX_ID = 0x2A;
    private static final PropertyId[] BY_ID = new PropertyId[MAX_ID + 1];

    static {
        for (PropertyId p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final Type type;
    private final boolean inWill;
    private final Set<PacketType> packetTypes;

    PropertyId(int id, Type type, boolean inWill, EnumSet<PacketType> packetTypes) {
        this.id = id;
        this.type = type;
        this.inWill = inWill;
        this.packetTypes = packetTypes;
    }

    public int id() {
        return id;
    }

    public Type type() {
        return type;
    }

    /** True when the property may appear in the given packet's own property list. */
    public boolean isAllowedIn(PacketType packetType) {
        return packetTypes.contains(packetType);
    }

    /** True when the property may appear in the Will Properties of a CONNECT. */
    public boolean isAllowedInWill() {
        return inWill;
    }

    /** True for the two properties that may appear more than once: User Property, and Subscription Identifier in PUBLISH. */
    public boolean isRepeatable() {
        return this == USER_PROPERTY || this == SUBSCRIPTION_IDENTIFIER;
    }

    /** The property with this identifier, or null if none has it. */
    public static PropertyId of(int id) {
        return id >= 0 && id <= MAX_ID ? BY_ID[id] : null;
    }
}
