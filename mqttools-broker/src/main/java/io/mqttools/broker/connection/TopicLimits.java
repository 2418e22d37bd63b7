package io.mqttools.broker.connection;

import io.mqttools.broker.config.Limits;

/** The broker's own limits on topic names and filters: length and number of levels. */
final class TopicLimits {
    private TopicLimits() {
    }

    /** Null when within the limits, else why not. */
    static String check(String topic, Limits limits) {
        if (topic.length() > limits.maxTopicLength()) {
            return "topic longer than " + limits.maxTopicLength() + " characters";
        }
        int levels = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/' && ++levels > limits.maxTopicLevels()) {
                return "topic with more than " + limits.maxTopicLevels() + " levels";
            }
        }
        return null;
    }
}
