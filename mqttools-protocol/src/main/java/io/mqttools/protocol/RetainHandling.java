package io.mqttools.protocol;

/** MQTT 5 subscription option: when retained messages are sent for a new subscription. */
public enum RetainHandling {
    /** 0: send retained messages at the time of the subscribe. */
    SEND_ON_SUBSCRIBE,
    /** 1: send retained messages only if the subscription did not already exist. */
    SEND_IF_NEW_SUBSCRIPTION,
    /** 2: do not send retained messages. */
    DO_NOT_SEND;

    private static final RetainHandling[] VALUES = values();

    public int value() {
        return ordinal();
    }

    /** The retain handling for a wire value 0..2; throws IllegalArgumentException for 3. */
    public static RetainHandling of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("Retain Handling must be 0, 1 or 2, not " + value);
        }
        return VALUES[value];
    }
}
