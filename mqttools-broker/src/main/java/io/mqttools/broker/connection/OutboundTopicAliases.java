package io.mqttools.broker.connection;

import java.util.HashMap;
import java.util.Map;

/**
 * The topic aliases the broker has told one client about, for the PUBLISHes it sends it. Policy:
 * aliases 1, 2, 3... go to topics in the order they are first sent, until the maximum is reached;
 * later topics are always sent in full. A topic sent often early gets the alias, which suits devices
 * that subscribe to a handful of topics; no replacement, so that an alias never changes meaning.
 *
 * <p>One instance per network connection, so aliases are never shared across connections and start
 * afresh on every reconnect ([MQTT-3.3.2-10] [MQTT-3.3.2-11]). Confined to the event loop.
 */
final class OutboundTopicAliases {
    private final int maximum;
    private final Map<String, Integer> assigned = new HashMap<>();

    /** @param maximum the client's Topic Alias Maximum (capped by the broker); 0 means none are used */
    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** The alias the client already knows for the topic, or 0. */
    int known(String topic) {
        Integer alias = assigned.get(topic);
        return alias == null ? 0 : alias;
    }

    /** The alias a first send of a new topic would establish, or 0 when all are taken. */
    int next() {
        // [MQTT-3.3.2-12] never above the client's Topic Alias Maximum
        return assigned.size() < maximum ? assigned.size() + 1 : 0;
    }

    /** Records an alias once the PUBLISH that establishes it has been written. */
    void established(String topic, int alias) {
        assigned.put(topic, alias);
    }
}
