package io.mqttools.protocol.packet;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import java.util.Objects;

/**
 * One topic filter of a SUBSCRIBE with its options. In 3.1.1 only the filter and QoS are on the wire;
 * the other options take their defaults (false, false, SEND_ON_SUBSCRIBE).
 */
public record Subscription(String topicFilter, QoS maxQos, boolean noLocal, boolean retainAsPublished,
                           RetainHandling retainHandling) {
    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(maxQos, "maxQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
    }

    public Subscription(String topicFilter, QoS maxQos) {
        this(topicFilter, maxQos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
    }
}
