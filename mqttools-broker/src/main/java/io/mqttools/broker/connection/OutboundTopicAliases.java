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
    /** For the clients that take no aliases (3.1.1, or a Topic Alias Maximum of 0): holds nothing, shared. */
    static final OutboundTopicAliases NONE = new OutboundTopicAliases(0);

    private final int maximum;
    /** Made at the first alias established: a connection that never gets one holds no map. */
    private Map<String, Integer> assigned;

    /** @param maximum the client's Topic Alias Maximum (capped by the broker); 0 means none are used */
    private OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** The aliases of one connection whose client takes at most {@code maximum}: {@link #NONE} for 0. */
    static OutboundTopicAliases upTo(int maximum) {
        return maximum > 0 ? new OutboundTopicAliases(maximum) : NONE;
    }

    /** The alias the client already knows for the topic, or 0. */
    int known(String topic) {
        Integer alias = assigned == null ? null : assigned.get(topic);
        return alias == null ? 0 : alias;
    }

    /** The alias a first send of a new topic would establish, or 0 when all are taken. */
    int next() {
        int used = assigned == null ? 0 : assigned.size();
        // [MQTT-3.3.2-12] never above the client's Topic Alias Maximum
        return used < maximum ? used + 1 : 0;
    }

    /** Records an alias once the PUBLISH that establishes it has been written. */
    void established(String topic, int alias) {
        if (alias < 1 || alias > maximum) {
            throw new IllegalArgumentException("alias " + alias + " is not between 1 and " + maximum);
        }
        if (assigned == null) {
            assigned = new HashMap<>();
        }
        assigned.put(topic, alias);
    }
}
