package io.mqttools.client.internal;

import java.util.Arrays;

/**
 * Topic aliases the broker sets when sending to the client, up to the Topic Alias Maximum the client
 * announced. Fresh per connection ([MQTT-3.3.2-7]). Event-loop confined.
 */
final class InboundTopicAliases {
    /** The alias argument when the PUBLISH carried no Topic Alias. */
    static final int NONE = -1;

    private final String[] topics;

    InboundTopicAliases(int maximum) {
        topics = new String[maximum + 1];
    }

    /**
     * Resolves the topic of a received PUBLISH.
     *
     * @param topic the topic as received, possibly empty
     * @param alias the Topic Alias property, or {@link #NONE} when absent
     * @return the topic to deliver under, or null when the alias is invalid (0 is never valid
     *         [MQTT-3.3.2-8]; above our maximum, or unknown with an empty topic): a protocol error
     */
    String resolve(String topic, int alias) {
        if (alias == NONE) {
            return topic.isEmpty() ? null : topic;
        }
        if (alias <= 0 || alias >= topics.length) {
            return null;
        }
        if (topic.isEmpty()) {
            return topics[alias];
        }
        topics[alias] = topic;
        return topic;
    }

    void clear() {
        Arrays.fill(topics, null);
    }
}
