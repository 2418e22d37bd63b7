package io.mqttools.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * MQTT 5.0 reason codes (spec section 2.4) with the packet types each is valid in.
 *
 * <p>The value 0x00 has three names in the spec (Success, Normal disconnection, Granted QoS 0); each is
 * its own constant here, so that {@link #of(PacketType, int)} returns the name the packet uses. MQTT
 * 3.1.1 CONNACK return codes are mapped onto these by the 3.1.1 codec.
 */
public enum ReasonCode {
    SUCCESS(0x00, "Success", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.PUBREL, PacketType.PUBCOMP, PacketType.UNSUBACK, PacketType.AUTH)),
    NORMAL_DISCONNECTION(0x00, "Normal disconnection", EnumSet.of(PacketType.DISCONNECT)),
    GRANTED_QOS_0(0x00, "Granted QoS 0", EnumSet.of(PacketType.SUBACK)),
    GRANTED_QOS_1(0x01, "Granted QoS 1", EnumSet.of(PacketType.SUBACK)),
    GRANTED_QOS_2(0x02, "Granted QoS 2", EnumSet.of(PacketType.SUBACK)),
    DISCONNECT_WITH_WILL_MESSAGE(0x04, "Disconnect with Will Message", EnumSet.of(PacketType.DISCONNECT)),
    NO_MATCHING_SUBSCRIBERS(0x10, "No matching subscribers", EnumSet.of(PacketType.PUBACK, PacketType.PUBREC)),
    NO_SUBSCRIPTION_EXISTED(0x11, "No subscription existed", EnumSet.of(PacketType.UNSUBACK)),
    CONTINUE_AUTHENTICATION(0x18, "Continue authentication", EnumSet.of(PacketType.AUTH)),
    RE_AUTHENTICATE(0x19, "Re-authenticate", EnumSet.of(PacketType.AUTH)),
    UNSPECIFIED_ERROR(0x80, "Unspecified error", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.SUBACK, PacketType.UNSUBACK, PacketType.DISCONNECT)),
    MALFORMED_PACKET(0x81, "Malformed Packet", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    PROTOCOL_ERROR(0x82, "Protocol Error", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, "Implementation specific error", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.SUBACK, PacketType.UNSUBACK, PacketType.DISCONNECT)),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, "Unsupported Protocol Version", EnumSet.of(PacketType.CONNACK)),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, "Client Identifier not valid", EnumSet.of(PacketType.CONNACK)),
    BAD_USER_NAME_OR_PASSWORD(0x86, "Bad User Name or Password", EnumSet.of(PacketType.CONNACK)),
    NOT_AUTHORIZED(0x87, "Not authorized", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.SUBACK, PacketType.UNSUBACK, PacketType.DISCONNECT)),
    SERVER_UNAVAILABLE(0x88, "Server unavailable", EnumSet.of(PacketType.CONNACK)),
    SERVER_BUSY(0x89, "Server busy", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    BANNED(0x8A, "Banned", EnumSet.of(PacketType.CONNACK)),
    SERVER_SHUTTING_DOWN(0x8B, "Server shutting down", EnumSet.of(PacketType.DISCONNECT)),
    BAD_AUTHENTICATION_METHOD(0x8C, "Bad authentication method", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    KEEP_ALIVE_TIMEOUT(0x8D, "Keep Alive timeout", EnumSet.of(PacketType.DISCONNECT)),
    SESSION_TAKEN_OVER(0x8E, "Session taken over", EnumSet.of(PacketType.DISCONNECT)),
    TOPIC_FILTER_INVALID(0x8F, "Topic Filter invalid", EnumSet.of(PacketType.SUBACK, PacketType.UNSUBACK, PacketType.DISCONNECT)),
    TOPIC_NAME_INVALID(0x90, "Topic Name invalid", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.DISCONNECT)),
    PACKET_IDENTIFIER_IN_USE(0x91, "Packet Identifier in use", EnumSet.of(PacketType.PUBACK, PacketType.PUBREC, PacketType.SUBACK, PacketType.UNSUBACK)),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, "Packet Identifier not found", EnumSet.of(PacketType.PUBREL, PacketType.PUBCOMP)),
    RECEIVE_MAXIMUM_EXCEEDED(0x93, "Receive Maximum exceeded", EnumSet.of(PacketType.DISCONNECT)),
    TOPIC_ALIAS_INVALID(0x94, "Topic Alias invalid", EnumSet.of(PacketType.DISCONNECT)),
    PACKET_TOO_LARGE(0x95, "Packet too large", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    MESSAGE_RATE_TOO_HIGH(0x96, "Message rate too high", EnumSet.of(PacketType.DISCONNECT)),
    QUOTA_EXCEEDED(0x97, "Quota exceeded", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.SUBACK, PacketType.DISCONNECT)),
    ADMINISTRATIVE_ACTION(0x98, "Administrative action", EnumSet.of(PacketType.DISCONNECT)),
    PAYLOAD_FORMAT_INVALID(0x99, "Payload format invalid", EnumSet.of(PacketType.CONNACK, PacketType.PUBACK, PacketType.PUBREC, PacketType.DISCONNECT)),
    RETAIN_NOT_SUPPORTED(0x9A, "Retain not supported", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    QOS_NOT_SUPPORTED(0x9B, "QoS not supported", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    USE_ANOTHER_SERVER(0x9C, "Use another server", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    SERVER_MOVED(0x9D, "Server moved", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, "Shared Subscriptions not supported", EnumSet.of(PacketType.SUBACK, PacketType.DISCONNECT)),
    CONNECTION_RATE_EXCEEDED(0x9F, "Connection rate exceeded", EnumSet.of(PacketType.CONNACK, PacketType.DISCONNECT)),
    MAXIMUM_CONNECT_TIME(0xA0, "Maximum connect time", EnumSet.of(PacketType.DISCONNECT)),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, "Subscription Identifiers not supported", EnumSet.of(PacketType.SUBACK, PacketType.DISCONNECT)),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, "Wildcard Subscriptions not supported", EnumSet.of(PacketType.SUBACK, PacketType.DISCONNECT));

    private static final ReasonCode[] VALUES = values();

    private final int value;
    private final String description;
    private final Set<PacketType> packetTypes;

    ReasonCode(int value, String description, EnumSet<PacketType> packetTypes) {
        this.value = value;
        this.description = description;
        this.packetTypes = packetTypes;
    }

    /** The one-byte wire value. */
    public int value() {
        return value;
    }

    /** The spec's name for the code, e.g. "Quota exceeded". */
    public String description() {
        return description;
    }

    /** True for 0x80 and above. */
    public boolean isError() {
        return value >= 0x80;
    }

    /** True when the spec allows this code in a packet of the given type. */
    public boolean isValidFor(PacketType type) {
        return packetTypes.contains(type);
    }

    /** The code of the given value that is valid in the given packet type, or null if there is none. */
    public static ReasonCode of(PacketType type, int value) {
        for (ReasonCode c : VALUES) {
            if (c.value == value && c.packetTypes.contains(type)) {
                return c;
            }
        }
        return null;
    }

    /** The granted-QoS code for a SUBACK. */
    public static ReasonCode granted(QoS qos) {
        return switch (qos) {
            case AT_MOST_ONCE -> GRANTED_QOS_0;
            case AT_LEAST_ONCE -> GRANTED_QOS_1;
            case EXACTLY_ONCE -> GRANTED_QOS_2;
        };
    }

    @Override
    public String toString() {
        return String.format("0x%02X %s", value, description);
    }
}
