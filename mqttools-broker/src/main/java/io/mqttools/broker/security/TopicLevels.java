package io.mqttools.broker.security;

/**
 * How an ACL filter relates to a topic name or to a subscription's filter, level by level. Wildcards at
 * the first level never reach topics starting with '$' ([MQTT-4.7.2-1]), as in subscriptions.
 */
final class TopicLevels {
    private TopicLevels() {
    }

    static String[] split(String topic) {
        return topic.split("/", -1);
    }

    /** Whether ACL filter {@code rule} matches topic name {@code topic}. */
    static boolean matches(String[] rule, String[] topic) {
        for (int i = 0; i < rule.length; i++) {
            String r = rule[i];
            if (r.equals("#")) {
                return i > 0 || !dollar(topic[0]); // "a/#" matches "a" too
            }
            if (i >= topic.length) {
                return false;
            }
            if (r.equals("+")) {
                if (i == 0 && dollar(topic[0])) {
                    return false;
                }
            } else if (!r.equals(topic[i])) {
                return false;
            }
        }
        return rule.length == topic.length;
    }

    /** Whether every topic that subscription filter {@code filter} matches is matched by {@code rule}. */
    static boolean covers(String[] rule, String[] filter) {
        for (int i = 0; i < rule.length; i++) {
            String r = rule[i];
            if (r.equals("#")) {
                return i > 0 || !dollar(filter[0]);
            }
            if (i >= filter.length) {
                return false;
            }
            String f = filter[i];
            if (r.equals("+")) {
                if (f.equals("#") || i == 0 && dollar(f)) {
                    return false;
                }
            } else if (!r.equals(f)) {
                return false; // a literal covers only itself, never a wildcard
            }
        }
        return rule.length == filter.length;
    }

    /** Whether some topic name is matched both by {@code rule} and by subscription filter {@code filter}. */
    static boolean overlaps(String[] rule, String[] filter) {
        int n = Math.max(rule.length, filter.length);
        for (int i = 0; i < n; i++) {
            String r = i < rule.length ? rule[i] : null;
            String f = i < filter.length ? filter[i] : null;
            if (r == null || f == null) {
                return "#".equals(r) || "#".equals(f); // "a/#" overlaps "a"
            }
            boolean rWild = r.equals("+") || r.equals("#");
            boolean fWild = f.equals("+") || f.equals("#");
            if (i == 0 && (rWild && dollar(f) || fWild && dollar(r))) {
                return false;
            }
            if (!rWild && !fWild && !r.equals(f)) {
                return false;
            }
            if (r.equals("#") || f.equals("#")) {
                return true;
            }
        }
        return true;
    }

    private static boolean dollar(String level) {
        return !level.isEmpty() && level.charAt(0) == '$';
    }
}
