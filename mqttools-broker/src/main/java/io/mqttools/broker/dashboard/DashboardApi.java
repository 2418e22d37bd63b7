package io.mqttools.broker.dashboard;

import io.mqttools.broker.connection.ConnectedClient;
import io.mqttools.broker.connection.Connections;
import io.mqttools.broker.metrics.MetricsSnapshot;
import io.mqttools.broker.metrics.RateHistory;
import io.mqttools.broker.metrics.TopicRates;
import io.mqttools.broker.metrics.TopicStats;
import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.routing.Router;
import io.mqttools.protocol.packet.Subscription;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON documents the dashboard reads: {@code /api/snapshot} (the metrics snapshot, the WebSocket
 * listeners and the rate history), {@code /api/clients} (connected clients with their subscriptions)
 * and {@code /api/topics} (the per-topic counts and rates). Each is made per request, from what the
 * broker already keeps; thread-safe.
 */
public final class DashboardApi {
    /** Clients listed at most; the count of all of them is given beside the list. */
    static final int MAX_CLIENTS = 500;

    /**
     * What the documents are made of.
     *
     * @param snapshot    the metrics snapshot (O(sessions) per call)
     * @param connections the open connections
     * @param router      the subscriptions
     * @param topics      the per-topic rates
     * @param history     the publish rates over the last minutes
     * @param webSockets  the WebSocket listeners, for the test client
     * @param sampleMillis how often the rates are sampled
     */
    public record Sources(Supplier<MetricsSnapshot> snapshot, Connections connections, Router router,
                          TopicRates topics, RateHistory history, List<WebSocketEndpoint> webSockets,
                          long sampleMillis) {
        public Sources {
            webSockets = List.copyOf(webSockets);
        }
    }

    private final Sources sources;

    public DashboardApi(Sources sources) {
        this.sources = sources;
    }

    /** {@code /api/snapshot}. */
    public String snapshot() {
        MetricsSnapshot s = sources.snapshot().get();
        Json j = new Json().beginObject()
                .field("version", s.version())
                .field("uptimeSeconds", s.uptimeSeconds())
                .field("nowMillis", System.currentTimeMillis())
                .field("sampleMillis", sources.sampleMillis());
        MetricsSnapshot.Clients c = s.clients();
        j.name("clients").beginObject().field("connected", c.connected()).field("maximum", c.maximum())
                .field("sessions", c.total()).field("disconnected", c.disconnected()).field("expired", c.expired())
                .field("connects", c.connects()).field("sockets", c.sockets()).endObject();
        MetricsSnapshot.Traffic t = s.traffic();
        j.name("traffic").beginObject().field("messagesReceived", t.messagesReceived())
                .field("messagesSent", t.messagesSent()).field("bytesReceived", t.bytesReceived())
                .field("bytesSent", t.bytesSent()).field("publishReceived", t.publishReceived())
                .field("publishSent", t.publishSent()).field("publishBytesReceived", t.publishBytesReceived())
                .field("publishBytesSent", t.publishBytesSent()).endObject();
        MetricsSnapshot.Drops d = s.drops();
        j.name("drops").beginObject().field("queueFull", d.queueFull()).field("tooLarge", d.tooLarge())
                .field("expired", d.expired()).field("invalidPayload", d.invalidPayload())
                .field("publishersPaused", d.publishersPaused()).field("sharedRedelivered", d.sharedRedelivered())
                .endObject();
        MetricsSnapshot.Store st = s.store();
        j.name("store").beginObject().field("subscriptions", st.subscriptions()).field("retained", st.retained())
                .field("queued", st.queued()).field("inflight", st.inflight()).endObject();
        j.name("heap").beginObject().field("current", s.heap().current()).field("maximum", s.heap().maximum())
                .field("limit", s.heap().limit()).endObject();
        j.name("listeners").beginObject();
        for (Map.Entry<String, Integer> e : s.listeners().entrySet()) {
            j.field(e.getKey(), e.getValue());
        }
        j.endObject();
        j.name("webSockets").beginArray();
        for (WebSocketEndpoint w : sources.webSockets()) {
            j.beginObject().field("port", w.port()).field("tls", w.tls()).endObject();
        }
        j.endArray();
        j.name("history").beginArray();
        for (RateHistory.Point p : sources.history().points()) {
            j.beginObject().field("t", p.millis()).field("in", p.publishIn()).field("out", p.publishOut())
                    .field("bytesIn", p.bytesIn()).field("bytesOut", p.bytesOut()).endObject();
        }
        return j.endArray().endObject().toString();
    }

    /** {@code /api/clients}: up to {@link #MAX_CLIENTS}, by client id. */
    public String clients() {
        List<ConnectedClient> clients = sources.connections().clients(MAX_CLIENTS);
        clients.sort(Comparator.comparing(ConnectedClient::clientId));
        Json j = new Json().beginObject().field("connected", sources.connections().connectedCount())
                .field("listed", clients.size()).name("clients").beginArray();
        for (ConnectedClient c : clients) {
            j.beginObject().field("clientId", c.clientId()).field("address", c.address())
                    .field("protocol", c.protocol()).field("username", c.username())
                    .field("keepAlive", c.keepAlive()).field("cleanStart", c.cleanStart())
                    .field("port", c.localPort()).field("webSocket", c.webSocket())
                    .field("connectedMillis", c.connectedMillis());
            j.name("subscriptions").beginArray();
            List<ClientSubscription> subs = sources.router().subscriptions(c.clientId());
            subs = subs.stream().sorted(Comparator.comparing(cs -> cs.subscription().topicFilter())).toList();
            for (ClientSubscription cs : subs) {
                Subscription sub = cs.subscription();
                j.beginObject().field("filter", sub.topicFilter()).field("qos", sub.maxQos().value())
                        .field("noLocal", sub.noLocal()).field("retainAsPublished", sub.retainAsPublished())
                        .field("identifier", cs.subscriptionIdentifier()).endObject();
            }
            j.endArray().endObject();
        }
        return j.endArray().endObject().toString();
    }

    /** {@code /api/topics}: every tracked topic, in topic order. */
    public String topics() {
        List<TopicStats> topics = sources.topics().topics();
        Json j = new Json().beginObject().field("tracked", topics.size()).field("maxTracked", TopicRates.MAX_TOPICS)
                .field("otherMessages", sources.topics().otherMessages()).name("topics").beginArray();
        for (TopicStats t : topics) {
            j.beginObject().field("topic", t.topic()).field("messages", t.messages()).field("bytes", t.bytes())
                    .field("deliveries", t.deliveries()).field("rate", t.rate()).field("lastMillis", t.lastMillis())
                    .endObject();
        }
        return j.endArray().endObject().toString();
    }
}
