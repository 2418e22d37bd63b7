package io.mqttools.broker.metrics;

/**
 * The messages published per topic on one event loop since its last drain: a fixed open-addressed table
 * of topic strings and plain counters. Confined to its event loop, which both counts and drains it, so
 * counting takes no lock and allocates nothing (the table keeps a reference to the message's own topic
 * string); a topic that finds no free slot within a few probes is counted as "other".
 */
public final class TopicCounter {
    /** Slots per event loop; a power of two. Cleared at every drain, so it bounds distinct topics per second. */
    static final int SLOTS = 1024;
    private static final int MAX_USED = SLOTS * 3 / 4;
    private static final int PROBES = 8;

    private final String[] topics = new String[SLOTS];
    private final long[] messages = new long[SLOTS];
    private final long[] bytes = new long[SLOTS];
    private final long[] deliveries = new long[SLOTS];
    private int used;
    private long otherMessages;

    TopicCounter() {
    }

    /**
     * Counts one accepted PUBLISH; on the owning event loop only.
     *
     * @param payloadBytes its payload length
     * @param queued       how many sessions it was queued for
     */
    public void count(String topic, int payloadBytes, int queued) {
        int h = topic.hashCode();
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        for (int probe = 0; probe < PROBES; probe++) {
            String t = topics[i];
            if (t == null) {
                if (used >= MAX_USED) {
                    break;
                }
                topics[i] = topic;
                used++;
                add(i, payloadBytes, queued);
                return;
            }
            if (t.equals(topic)) {
                add(i, payloadBytes, queued);
                return;
            }
            i = (i + 1) & (SLOTS - 1);
        }
        otherMessages++;
    }

    private void add(int i, int payloadBytes, int queued) {
        messages[i]++;
        bytes[i] += payloadBytes;
        deliveries[i] += queued;
    }

    /** Hands the counts to {@code rates} and empties the table; on the owning event loop only. */
    void drainInto(TopicRates rates) {
        rates.absorb(this);
    }

    /** Called by {@link TopicRates#absorb} with its lock held, on the owning event loop. */
    void drain(TopicRates rates) {
        for (int i = 0; i < SLOTS && used > 0; i++) {
            if (topics[i] != null) {
                rates.add(topics[i], messages[i], bytes[i], deliveries[i]);
                topics[i] = null;
                messages[i] = 0;
                bytes[i] = 0;
                deliveries[i] = 0;
                used--;
            }
        }
        used = 0;
        rates.addOther(otherMessages);
        otherMessages = 0;
    }
}
