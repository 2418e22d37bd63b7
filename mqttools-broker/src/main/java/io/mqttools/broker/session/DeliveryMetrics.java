package io.mqttools.broker.session;

import java.util.concurrent.atomic.LongAdder;

/** Counters of messages not delivered, and why. Thread-safe (striped adders, no locks). */
public final class DeliveryMetrics {
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedTooLarge = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder publishersPaused = new LongAdder();
    private final LongAdder invalidPayload = new LongAdder();
    private final LongAdder sharedRedelivered = new LongAdder();
    private final LongAdder qos0StallsEnded = new LongAdder();

    /** A QoS 0 message dropped because its session's queue was full. */
    public void queueFullDrop() {
        droppedQueueFull.increment();
    }

    /** A message larger than the receiving client's Maximum Packet Size ([MQTT-3.1.2-25]). */
    public void tooLargeDrop() {
        droppedTooLarge.increment();
    }

    /** A message whose Message Expiry Interval ran out before it could be sent. */
    public void expiredDrop() {
        expired.increment();
    }

    /** A publisher whose socket reads were paused because a subscriber's queue was full. */
    public void publisherPaused() {
        publishersPaused.increment();
    }

    /** A message refused because its Payload Format Indicator said UTF-8 and the payload was not. */
    public void invalidPayloadDrop() {
        invalidPayload.increment();
    }

    /** A shared-subscription message of an ended session passed to another member of its group. */
    public void sharedRedelivery() {
        sharedRedelivered.increment();
    }

    /** A QoS 0 publisher whose reads were stopped too long: it is read again, and full queues drop. */
    public void qos0StallEnded() {
        qos0StallsEnded.increment();
    }

    public long qos0StallsEnded() {
        return qos0StallsEnded.sum();
    }

    public long sharedRedelivered() {
        return sharedRedelivered.sum();
    }

    public long droppedInvalidPayload() {
        return invalidPayload.sum();
    }

    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    public long droppedTooLarge() {
        return droppedTooLarge.sum();
    }

    public long expired() {
        return expired.sum();
    }

    public long publishersPaused() {
        return publishersPaused.sum();
    }
}
