package io.mqttools.broker.routing;

import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@link InMemoryRetainedStore#match}: walks the trie along the filter's levels, a literal level to one
 * child, '+' to every child, '#' to the whole subtree. Collects the live messages and, separately, the
 * expired ones for the store to remove. Confined to the calling thread.
 */
final class RetainedMatcher {
    private final String[] levels;
    private final long now;
    private final List<Publish> found = new ArrayList<>();
    private final List<RetainedMessage> expired = new ArrayList<>(0);

    RetainedMatcher(String filter, long now) {
        this.levels = filter.split("/", -1);
        this.now = now;
    }

    List<Publish> found() {
        return found;
    }

    List<RetainedMessage> expired() {
        return expired;
    }

    void walk(RetainedNode node, int depth) {
        if (depth == levels.length) {
            take(node);
            return;
        }
        String level = levels[depth];
        if (level.equals("#")) {
            take(node); // "a/#" matches "a" too
            everything(node, depth == 0);
        } else if (level.equals("+")) {
            for (Map.Entry<String, RetainedNode> child : node.children.entrySet()) {
                if (!(depth == 0 && TopicName.isSystemTopic(child.getKey()))) { // [MQTT-4.7.2-1]
                    walk(child.getValue(), depth + 1);
                }
            }
        } else {
            RetainedNode child = node.children.get(level);
            if (child != null) {
                walk(child, depth + 1);
            }
        }
    }

    private void everything(RetainedNode node, boolean top) {
        for (Map.Entry<String, RetainedNode> child : node.children.entrySet()) {
            if (!(top && TopicName.isSystemTopic(child.getKey()))) { // [MQTT-4.7.2-1]
                take(child.getValue());
                everything(child.getValue(), false);
            }
        }
    }

    private void take(RetainedNode node) {
        RetainedMessage retained = node.get();
        if (retained == null) {
            return;
        }
        if (retained.remainingSeconds(now) == 0) {
            expired.add(retained); // [MQTT-3.3.2-5]
        } else {
            found.add(retained.at(now));
        }
    }
}
