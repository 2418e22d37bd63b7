package io.mqttools.broker.metrics;

import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.session.DeliveryMetrics;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.SessionRegistry;
import io.mqttools.broker.session.SessionStore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes {@link MetricsSnapshot}s of a running broker. Thread-safe. A snapshot sums the adders and walks
 * the stored sessions for the queue depths, so it costs O(sessions): it is taken per $SYS interval and
 * per scrape, never on the message path. The in-flight count of a connected session is read from
 * another thread without synchronisation, so it may be a moment old.
 */
public final class MetricsCollector {
    private final TrafficCounters traffic;
    private final DeliveryMetrics delivery;
    private final SessionRegistry registry;
    private final SessionStore sessions;
    private final Router router;
    private final RetainedStore retained;
    private final AtomicLong heapMaximum = new AtomicLong();
    private final String version = BrokerVersion.text();

    public MetricsCollector(TrafficCounters traffic, DeliveryMetrics delivery, SessionRegistry registry,
                            SessionStore sessions, Router router, RetainedStore retained) {
        this.traffic = traffic;
        this.delivery = delivery;
        this.registry = registry;
        this.sessions = sessions;
        this.router = router;
        this.retained = retained;
    }

    public MetricsSnapshot snapshot() {
        long queued = 0;
        long inflight = 0;
        for (Session s : sessions.all()) {
            queued += s.queuedCount();
            inflight += s.inflight().size();
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long heapMax = heapMaximum.accumulateAndGet(heap, Math::max);
        long uptime = (System.currentTimeMillis() - traffic.startedMillis()) / 1000;
        MetricsSnapshot.Clients clients = new MetricsSnapshot.Clients(traffic.connected(), traffic.maximum(),
                registry.size(), registry.expiredCount(), traffic.connects(), traffic.sockets());
        MetricsSnapshot.Drops drops = new MetricsSnapshot.Drops(delivery.droppedQueueFull(),
                delivery.droppedTooLarge(), delivery.expired(), delivery.droppedInvalidPayload(),
                delivery.publishersPaused(), delivery.sharedRedelivered());
        MetricsSnapshot.Store store = new MetricsSnapshot.Store(router.subscriptionCount(), retained.size(),
                queued, inflight);
        return new MetricsSnapshot(version, uptime, clients, traffic.traffic(), drops, store,
                new MetricsSnapshot.Heap(heap, heapMax, rt.maxMemory()), traffic.openPerListener());
    }
}
