package io.mqttools.client.internal;

/** Protocol-wide size limits the client needs. */
public final class MqttLimits {
    /** The largest packet MQTT can frame: 268,435,455 bytes of remaining length plus a 5-byte fixed header. */
    public static final int MAX_PACKET_SIZE = 268_435_460;

    private MqttLimits() {
    }
}
