package io.mqttools.protocol;

/** MQTT control packet types with their fixed-header type value and required reserved flags. */
public enum PacketType {
    CONNECT(1, 0b0000),
    CONNACK(2, 0b0000),
    /** PUBLISH flags carry DUP, QoS and RETAIN; {@link #requiredFlags()} is -1 for it. */
    PUBLISH(3, -1),
    PUBACK(4, 0b0000),
    PUBREC(5, 0b0000),
    PUBREL(6, 0b0010),
    PUBCOMP(7, 0b0000),
    SUBSCRIBE(8, 0b0010),
    SUBACK(9, 0b0000),
    UNSUBSCRIBE(10, 0b0010),
    UNSUBACK(11, 0b0000),
    PINGREQ(12, 0b0000),
    PINGRESP(13, 0b0000),
    DISCONNECT(14, 0b0000),
    /** MQTT 5.0 only. */
    AUTH(15, 0b0000);

    private static final PacketType[] BY_VALUE = new PacketType[16];

    static {
        for (PacketType t : values()) {
            BY_VALUE[t.value] = t;
        }
    }

    private final int value;
    private final int requiredFlags;

    PacketType(int value, int requiredFlags) {
        this.value = value;
        this.requiredFlags = requiredFlags;
    }

    /** The 4-bit type in the high nibble of the fixed header's first byte. */
    public int value() {
        return value;
    }

    /** The reserved flags the spec fixes for this type ([MQTT-2.1.3-1]), or -1 where flags carry data. */
    public int requiredFlags() {
        return requiredFlags;
    }

    /** The type for a 4-bit value, or null for 0 (reserved) and unknown values. */
    public static PacketType of(int value) {
        return value >= 0 && value < 16 ? BY_VALUE[value] : null;
    }
}
