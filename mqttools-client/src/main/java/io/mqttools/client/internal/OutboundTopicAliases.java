package io.mqttools.client.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic aliases the client uses when publishing: the configured topics get aliases 1..n, as far as the
 * broker's Topic Alias Maximum allows. The first PUBLISH on a connection carries topic and alias, later
 * ones the alias and an empty topic. Mappings never carry over to a new connection ([MQTT-3.3.2-7]).
 * Event-loop confined.
 */
final class OutboundTopicAliases {
    private final Map<String, Integer> configured = new HashMap<>();
    private final boolean[] registered;
    private int brokerMaximum;

    OutboundTopicAliases(List<String> topics) {
        for (String topic : topics) {
            configured.putIfAbsent(topic, configured.size() + 1);
        }
        registered = new boolean[configured.size() + 1];
    }

    /** Starts a new connection whose CONNACK allowed aliases up to {@code maximum} (0: none). */
    void reset(int maximum) {
        brokerMaximum = maximum;
        Arrays.fill(registered, false);
    }

    /** The alias to send for a topic, or 0 for none. */
    int aliasFor(String topic) {
        Integer alias = configured.get(topic);
        return alias != null && alias <= brokerMaximum ? alias : 0; // [MQTT-3.3.2-9] within the broker's maximum
    }

    /** True when the alias was already sent with its topic on this connection: the topic may be left out. */
    boolean isRegistered(int alias) {
        return registered[alias];
    }

    void markRegistered(int alias) {
        registered[alias] = true;
    }

    int configuredCount() {
        return configured.size();
    }
}
