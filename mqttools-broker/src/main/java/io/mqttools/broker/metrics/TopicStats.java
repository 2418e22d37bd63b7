package io.mqttools.broker.metrics;

import java.util.Objects;

/**
 * What the broker has seen published to one topic since it began tracking it.
 *
 * @param topic      the topic name
 * @param messages   PUBLISHes accepted
 * @param bytes      their payload bytes
 * @param deliveries the session queues they went to (the fan-out)
 * @param rate       messages per second, a moving average over about {@link TopicRates#SMOOTHING_SECONDS} s
 * @param lastMillis when the last message was counted (epoch milliseconds, to the sample interval)
 */
public record TopicStats(String topic, long messages, long bytes, long deliveries, double rate, long lastMillis) {
    public TopicStats {
        Objects.requireNonNull(topic, "topic");
    }
}
