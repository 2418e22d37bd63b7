package io.mqttools.cli.monitor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of one topic: how many messages it had and the last one. Written by the message source's
 * thread(s) without locks (an atomic counter and a volatile reference to an immutable {@link Last}), read by
 * the UI thread; a reader may see the count one ahead of the last message, which the display tolerates.
 */
final class TopicEntry {
    /** The last message of a topic: its payload (possibly cut), its full size and when it arrived. */
    record Last(byte[] payload, int size, long timeMillis) {
    }

    private final String topic;
    private final AtomicLong count = new AtomicLong();
    private volatile Last last;

    TopicEntry(String topic) {
        this.topic = topic;
    }

    /**
     * Counts a message and makes it the last one. Payloads longer than {@code maxPayloadBytes} are cut, since a
     * screen shows only a few lines of one and the model must stay small whatever the publishers send.
     */
    void record(byte[] payload, long timeMillis, int maxPayloadBytes) {
        byte[] kept = payload.length > maxPayloadBytes ? Arrays.copyOf(payload, maxPayloadBytes) : payload;
        last = new Last(kept, payload.length, timeMillis);
        count.incrementAndGet();
    }

    String topic() {
        return topic;
    }

    long count() {
        return count.get();
    }

    /** The last message, or null before the first {@link #record}. */
    Last last() {
        return last;
    }
}
