package io.mqttools.broker.config;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.TopicFilter;
import java.util.Objects;

/**
 * One {@code topic} line of a bridge: which messages cross, in which direction, at which QoS, and how their
 * topics are remapped. mosquitto.conf(5)'s rules: an incoming message is subscribed to on the remote broker
 * as {@code remotePrefix + pattern}; its topic loses the remote prefix and gains the local one. An outgoing
 * one is subscribed to locally as {@code localPrefix + pattern} and loses the local prefix for the remote
 * one. An empty pattern maps the single topic {@code localPrefix} to {@code remotePrefix}.
 *
 * @param pattern      the topic filter, or "" (the {@code ""} place marker) when both prefixes name one topic
 * @param direction    in (remote → local), out (local → remote, the default) or both
 * @param qos          the QoS of the subscriptions on both sides (0 by default)
 * @param localPrefix  prepended on the local side, "" for none
 * @param remotePrefix prepended on the remote side, "" for none
 */
public record BridgeTopic(String pattern, Direction direction, QoS qos, String localPrefix, String remotePrefix) {
    /** Which way messages on a topic cross the bridge. */
    public enum Direction {
        IN, OUT, BOTH;

        /** True when remote messages come in. */
        public boolean in() {
            return this != OUT;
        }

        /** True when local messages go out. */
        public boolean out() {
            return this != IN;
        }
    }

    /** @throws IllegalArgumentException for a combination mosquitto.conf(5) calls invalid, or a bad filter */
    public BridgeTopic {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(localPrefix, "localPrefix");
        Objects.requireNonNull(remotePrefix, "remotePrefix");
        if (pattern.isEmpty() && (localPrefix.isEmpty() || remotePrefix.isEmpty())) {
            throw new IllegalArgumentException("an empty topic pattern needs both a local and a remote prefix");
        }
        for (String prefix : new String[] {localPrefix, remotePrefix}) {
            if (prefix.contains("+") || prefix.contains("#")) {
                throw new IllegalArgumentException("the prefix '" + prefix + "' must not contain wildcards");
            }
        }
        for (String filter : new String[] {localPrefix + pattern, remotePrefix + pattern}) {
            String problem = TopicFilter.validate(filter);
            if (problem != null) {
                throw new IllegalArgumentException("'" + filter + "' is not a valid topic filter: " + problem);
            }
        }
    }

    /** The filter subscribed to on the local broker (out, both). */
    public String localFilter() {
        return localPrefix + pattern;
    }

    /** The filter subscribed to on the remote broker (in, both). */
    public String remoteFilter() {
        return remotePrefix + pattern;
    }

    /** The local topic of a message received from the remote broker, or null when this topic line does not cover it. */
    public String toLocal(String remoteTopic) {
        return remap(remoteTopic, remotePrefix, localPrefix, remoteFilter());
    }

    /** The remote topic of a local message, or null when this topic line does not cover it. */
    public String toRemote(String localTopic) {
        return remap(localTopic, localPrefix, remotePrefix, localFilter());
    }

    private static String remap(String topic, String from, String to, String filter) {
        if (!topic.startsWith(from) || !TopicFilter.matches(filter, topic)) {
            return null;
        }
        return to + topic.substring(from.length());
    }
}
