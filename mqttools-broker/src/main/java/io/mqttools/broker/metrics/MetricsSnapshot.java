package io.mqttools.broker.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * What the broker reports at one moment, read-only: the source of the $SYS topics and of the Prometheus
 * text. Counters ({@code ..._total} in Prometheus) only grow while the broker runs; the rest are gauges.
 *
 * @param version   "mqttools version X"
 * @param uptimeSeconds seconds since the broker started
 * @param clients   clients and sockets
 * @param traffic   packets and bytes in and out
 * @param drops     messages not delivered, and why
 * @param store     subscriptions and messages held
 * @param heap      JVM heap
 * @param listeners open sockets per listener name
 */
public record MetricsSnapshot(String version, long uptimeSeconds, Clients clients, Traffic traffic, Drops drops,
                              Store store, Heap heap, Map<String, Integer> listeners) {
    public MetricsSnapshot {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(drops, "drops");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(heap, "heap");
        listeners = Map.copyOf(listeners);
    }

    /**
     * @param connected clients connected now (CONNACK sent, connection open)
     * @param maximum   the most connected at once since the start
     * @param total     sessions stored: connected clients plus disconnected persistent sessions
     * @param expired   sessions removed because their Session Expiry Interval ran out
     * @param connects  successful CONNECTs since the start
     * @param sockets   sockets accepted since the start, on every listener
     */
    public record Clients(int connected, int maximum, int total, long expired, long connects, long sockets) {
        /** Persistent sessions whose client is not connected now. */
        public int disconnected() {
            return Math.max(0, total - connected);
        }
    }

    /**
     * Counts since the start. Messages are MQTT control packets of every type; bytes are what went
     * through the sockets (TLS records included); the publish counts are PUBLISH packets and their payloads.
     */
    public record Traffic(long messagesReceived, long messagesSent, long bytesReceived, long bytesSent,
                          long publishReceived, long publishSent, long publishBytesReceived,
                          long publishBytesSent) {
    }

    /**
     * Messages not delivered since the start.
     *
     * @param queueFull         QoS 0 messages dropped at a full session queue
     * @param tooLarge          messages larger than the receiver's Maximum Packet Size
     * @param expired           messages whose Message Expiry Interval ran out before they were sent
     * @param invalidPayload    PUBLISHes refused because the payload was not the UTF-8 they said it was
     * @param publishersPaused  times a publisher's reads were paused by a full subscriber queue
     * @param sharedRedelivered shared-subscription messages passed to another group member
     */
    public record Drops(long queueFull, long tooLarge, long expired, long invalidPayload, long publishersPaused,
                        long sharedRedelivered) {
        /** Messages a subscriber should have got and never will: full queue, too large, expired. */
        public long dropped() {
            return queueFull + tooLarge + expired;
        }
    }

    /**
     * @param subscriptions subscriptions over all clients (a shared group counts one per member)
     * @param retained      retained messages ($SYS ones included)
     * @param queued        messages waiting in session queues, not yet sent
     * @param inflight      QoS 1/2 messages sent and not yet acknowledged
     */
    public record Store(int subscriptions, int retained, long queued, long inflight) {
        /** Messages the broker holds: retained, queued and in flight. */
        public long messages() {
            return retained + queued + inflight;
        }
    }

    /**
     * @param current bytes of heap in use now
     * @param maximum the most seen in use at a snapshot since the start
     * @param limit   the most the JVM will use (-Xmx)
     */
    public record Heap(long current, long maximum, long limit) {
    }
}
