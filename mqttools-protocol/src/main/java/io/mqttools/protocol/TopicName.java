package io.mqttools.protocol;

/**
 * Rules for topic names, the topics of PUBLISH packets. Packets carry topics as {@code String}s for
 * speed; the codec and the broker call {@link #validate(String)}.
 */
public final class TopicName {
    private TopicName() {
    }

    /**
     * Returns null when the name is a valid topic name, else a sentence saying why not:
     * it must be at least one character [MQTT-4.7.3-1] and contain no wildcard [MQTT-3.3.2-2]
     * (U+0000 and length are enforced by the UTF-8 string rules in the codec).
     */
    public static String validate(String name) {
        if (name.isEmpty()) {
            return "a topic name must be at least one character long";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || c == '#') {
                return "a topic name must not contain the wildcard '" + c + "'";
            }
            if (c == '\u0000') {
                return "a topic name must not contain U+0000";
            }
        }
        return null;
    }

    public static boolean isValid(String name) {
        return validate(name) == null;
    }

    /** True for topics starting with '$', which filters starting with a wildcard do not match [MQTT-4.7.2-1]. */
    public static boolean isSystemTopic(String name) {
        return !name.isEmpty() && name.charAt(0) == '$';
    }
}
