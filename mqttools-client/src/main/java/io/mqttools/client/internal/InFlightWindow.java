package io.mqttools.client.internal;

/**
 * Counts outgoing QoS 1/2 PUBLISHes awaiting acknowledgement against the broker's Receive Maximum
 * ([MQTT-3.3.4-7]: no more than that many unacknowledged at once). Event-loop confined.
 */
final class InFlightWindow {
    private int capacity;
    private int inFlight;

    InFlightWindow(int capacity) {
        resize(capacity);
    }

    /** Sets the capacity, e.g. from a new CONNACK; messages already in flight stay counted. */
    void resize(int newCapacity) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("Receive Maximum must be at least 1, not " + newCapacity);
        }
        capacity = newCapacity;
    }

    /** Takes a slot if one is free. */
    boolean tryAcquire() {
        if (inFlight >= capacity) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Counts a message that is in flight regardless of the capacity (re-sent after a reconnect). */
    void forceAcquire() {
        inFlight++;
    }

    void release() {
        if (inFlight == 0) {
            throw new IllegalStateException("release without acquire");
        }
        inFlight--;
    }

    int inFlight() {
        return inFlight;
    }

    int capacity() {
        return capacity;
    }
}
