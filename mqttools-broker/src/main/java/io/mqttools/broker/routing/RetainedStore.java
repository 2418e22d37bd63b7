package io.mqttools.broker.routing;

import io.mqttools.protocol.packet.Publish;
import java.util.List;

/**
 * Retained messages, one per topic. Thread-safe. An in-memory implementation first; a disk-backed one
 * (broker.persistence) implements the same seam.
 */
public interface RetainedStore {
    /**
     * Stores a message published with RETAIN set, replacing the topic's previous one; an empty payload
     * deletes it instead ([MQTT-3.3.1-6] [MQTT-3.3.1-7]). A message with a Message Expiry Interval expires
     * from the store after that many seconds.
     */
    void put(Publish message);

    /**
     * The retained messages whose topic matches the (unshared) filter, '$' topics hidden from filters
     * that start with a wildcard. Expired messages are left out, and the Message Expiry Interval of the
     * others is the time they have left.
     */
    List<Publish> match(String topicFilter);

    /** How many messages are retained now (expired ones count until they are removed). */
    int size();

    /**
     * Removes every expired message. {@link #match} leaves expired messages out and removes those it meets;
     * this sweep is for the topics nobody subscribes to again, and the broker calls it periodically.
     *
     * @return how many were removed
     */
    int removeExpired();
}
