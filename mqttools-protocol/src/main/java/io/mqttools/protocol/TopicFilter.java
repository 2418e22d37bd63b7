package io.mqttools.protocol;

import java.util.Objects;

/**
 * A validated topic filter, possibly shared ({@code $share/{group}/{filter}}), with matching.
 * Construct with {@link #parse(String)}; {@link #validate(String)} only checks.
 */
public final class TopicFilter {
    private static final String SHARE_PREFIX = "$share/";

    private final String text;
    private final String shareName;
    private final String filter;

    private TopicFilter(String text, String shareName, String filter) {
        this.text = text;
        this.shareName = shareName;
        this.filter = filter;
    }

    /** Parses a filter, throwing IllegalArgumentException with {@link #validate}'s message if invalid. */
    public static TopicFilter parse(String text) {
        String problem = validate(text);
        if (problem != null) {
            throw new IllegalArgumentException("invalid topic filter '" + text + "': " + problem);
        }
        if (text.startsWith(SHARE_PREFIX)) {
            int slash = text.indexOf('/', SHARE_PREFIX.length());
            return new TopicFilter(text, text.substring(SHARE_PREFIX.length(), slash), text.substring(slash + 1));
        }
        return new TopicFilter(text, null, text);
    }

    /**
     * Returns null when the text is a valid topic filter, else a sentence saying why not.
     * At least one character [MQTT-4.7.3-1]; '#' only as the last level and alone in it [MQTT-4.7.1-1];
     * '+' alone in its level [MQTT-4.7.1-2]; a shared subscription's share name is not empty and has
     * no '/', '+' or '#', and is followed by '/' and a filter [MQTT-4.8.2-1] [MQTT-4.8.2-2].
     */
    public static String validate(String text) {
        if (text.isEmpty()) {
            return "a topic filter must be at least one character long";
        }
        String filter = text;
        if (text.startsWith(SHARE_PREFIX)) {
            int slash = text.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0) {
                return "a shared subscription needs '$share/{ShareName}/{filter}'";
            }
            String share = text.substring(SHARE_PREFIX.length(), slash);
            if (share.isEmpty()) {
                return "the share name must be at least one character long";
            }
            if (share.indexOf('+') >= 0 || share.indexOf('#') >= 0) {
                return "the share name must not contain wildcards";
            }
            filter = text.substring(slash + 1);
            if (filter.isEmpty()) {
                return "a shared subscription needs a topic filter after the share name";
            }
        } else if (text.equals("$share")) {
            return "a shared subscription needs '$share/{ShareName}/{filter}'";
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '\u0000') {
                return "a topic filter must not contain U+0000";
            }
            boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == n - 1 || filter.charAt(i + 1) == '/';
            if (c == '#') {
                if (!levelStart || i != n - 1) {
                    return "'#' must be the last character and occupy a whole level";
                }
            } else if (c == '+' && (!levelStart || !levelEnd)) {
                return "'+' must occupy a whole level";
            }
        }
        return null;
    }

    public static boolean isValid(String text) {
        return validate(text) == null;
    }

    /** The filter as written, including any {@code $share/group/} prefix. */
    public String text() {
        return text;
    }

    /** The share name of a shared subscription, or null. */
    public String shareName() {
        return shareName;
    }

    public boolean isShared() {
        return shareName != null;
    }

    /** The filter without any share prefix: what topics are matched against. */
    public String filter() {
        return filter;
    }

    public boolean hasWildcard() {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /** True when the topic name matches this filter, with '$' topics hidden from leading wildcards. */
    public boolean matches(String topic) {
        return matches(filter, topic);
    }

    /** Matches a topic name against an unshared filter (no validation), level by level. */
    public static boolean matches(String filter, String topic) {
        if (TopicName.isSystemTopic(topic) && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false; // [MQTT-4.7.2-1]
        }
        int f = 0;
        int t = 0;
        int fn = filter.length();
        int tn = topic.length();
        while (true) {
            int fEnd = filter.indexOf('/', f);
            if (fEnd < 0) {
                fEnd = fn;
            }
            if (fEnd - f == 1 && filter.charAt(f) == '#') {
                return true; // the rest of the topic, including its parent level: "a/#" matches "a"
            }
            if (t > tn) {
                return false; // the topic has no more levels, the filter does
            }
            int tEnd = topic.indexOf('/', t);
            if (tEnd < 0) {
                tEnd = tn;
            }
            boolean plus = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!plus && (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f))) {
                return false;
            }
            if (fEnd == fn) {
                return tEnd == tn;
            }
            f = fEnd + 1;
            t = tEnd + 1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter f && f.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
