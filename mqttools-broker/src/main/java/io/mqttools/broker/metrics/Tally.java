package io.mqttools.broker.metrics;

/**
 * One event loop's counts since the last {@link #flush()} of any of its connections: plain fields, confined
 * to the loop, added to the shared {@link TrafficCounters} once per read batch or write flush. This is what
 * keeps counting off the per-message path: a field increment per packet, an adder per batch.
 */
public final class Tally {
    private final TrafficCounters counters;
    private long messagesReceived;
    private long messagesSent;
    private long publishReceived;
    private long publishSent;
    private long publishBytesReceived;
    private long publishBytesSent;

    Tally(TrafficCounters counters) {
        this.counters = counters;
    }

    /** A control packet of any type read from the client. */
    public void messageReceived() {
        messagesReceived++;
    }

    /** A control packet of any type written to the client. */
    public void messageSent() {
        messagesSent++;
    }

    /** A PUBLISH read from the client, with its payload size. */
    public void publishReceived(int payloadBytes) {
        publishReceived++;
        publishBytesReceived += payloadBytes;
    }

    /** A PUBLISH written to the client, with its payload size. */
    public void publishSent(int payloadBytes) {
        publishSent++;
        publishBytesSent += payloadBytes;
    }

    /** Adds the counts to the shared counters and starts again from zero. */
    public void flush() {
        if (messagesReceived != 0) {
            counters.messagesReceived.add(messagesReceived);
            messagesReceived = 0;
        }
        if (messagesSent != 0) {
            counters.messagesSent.add(messagesSent);
            messagesSent = 0;
        }
        if (publishReceived != 0) {
            counters.publishReceived.add(publishReceived);
            counters.publishBytesReceived.add(publishBytesReceived);
            publishReceived = 0;
            publishBytesReceived = 0;
        }
        if (publishSent != 0) {
            counters.publishSent.add(publishSent);
            counters.publishBytesSent.add(publishBytesSent);
            publishSent = 0;
            publishBytesSent = 0;
        }
    }
}
