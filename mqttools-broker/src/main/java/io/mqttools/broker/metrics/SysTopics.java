package io.mqttools.broker.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The $SYS topics and their values for a snapshot, named as mosquitto(8) names them. */
public final class SysTopics {
    /** The prefix of every topic the broker publishes about itself. */
    public static final String PREFIX = "$SYS/broker/";

    private SysTopics() {
    }

    /** Topic to value, in a stable order; the load averages come from {@link #loadCounters}. */
    public static Map<String, String> values(MetricsSnapshot s) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(PREFIX + "version", s.version());
        t.put(PREFIX + "uptime", s.uptimeSeconds() + " seconds");
        MetricsSnapshot.Clients c = s.clients();
        t.put(PREFIX + "clients/connected", Integer.toString(c.connected()));
        t.put(PREFIX + "clients/active", Integer.toString(c.connected())); // mosquitto's older name
        t.put(PREFIX + "clients/disconnected", Integer.toString(c.disconnected()));
        t.put(PREFIX + "clients/inactive", Integer.toString(c.disconnected())); // mosquitto's older name
        t.put(PREFIX + "clients/total", Integer.toString(c.total()));
        t.put(PREFIX + "clients/maximum", Integer.toString(c.maximum()));
        t.put(PREFIX + "clients/expired", Long.toString(c.expired()));
        MetricsSnapshot.Traffic m = s.traffic();
        t.put(PREFIX + "messages/received", Long.toString(m.messagesReceived()));
        t.put(PREFIX + "messages/sent", Long.toString(m.messagesSent()));
        t.put(PREFIX + "messages/stored", Long.toString(s.store().messages()));
        t.put(PREFIX + "store/messages/count", Long.toString(s.store().messages()));
        t.put(PREFIX + "bytes/received", Long.toString(m.bytesReceived()));
        t.put(PREFIX + "bytes/sent", Long.toString(m.bytesSent()));
        t.put(PREFIX + "publish/messages/received", Long.toString(m.publishReceived()));
        t.put(PREFIX + "publish/messages/sent", Long.toString(m.publishSent()));
        t.put(PREFIX + "publish/messages/dropped", Long.toString(s.drops().dropped()));
        t.put(PREFIX + "publish/bytes/received", Long.toString(m.publishBytesReceived()));
        t.put(PREFIX + "publish/bytes/sent", Long.toString(m.publishBytesSent()));
        t.put(PREFIX + "subscriptions/count", Integer.toString(s.store().subscriptions()));
        t.put(PREFIX + "retained messages/count", Integer.toString(s.store().retained()));
        t.put(PREFIX + "heap/current", Long.toString(s.heap().current()));
        t.put(PREFIX + "heap/maximum", Long.toString(s.heap().maximum()));
        return t;
    }

    /** The counters whose load averages are published ({@code $SYS/broker/load/<name>/1min} and so on). */
    public static Map<String, Long> loadCounters(MetricsSnapshot s) {
        Map<String, Long> c = new LinkedHashMap<>();
        MetricsSnapshot.Traffic m = s.traffic();
        c.put("messages/received", m.messagesReceived());
        c.put("messages/sent", m.messagesSent());
        c.put("publish/received", m.publishReceived());
        c.put("publish/sent", m.publishSent());
        c.put("publish/dropped", s.drops().dropped());
        c.put("bytes/received", m.bytesReceived());
        c.put("bytes/sent", m.bytesSent());
        c.put("sockets", s.clients().sockets());
        c.put("connections", s.clients().connects());
        return c;
    }
}
