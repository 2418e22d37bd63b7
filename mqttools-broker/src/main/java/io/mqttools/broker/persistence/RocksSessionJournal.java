package io.mqttools.broker.persistence;

import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.session.Delivery;
import io.mqttools.broker.session.OutboundMessage;
import io.mqttools.broker.session.SessionJournal;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Will;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal of one incarnation of a durable session: every change becomes a put or delete in the
 * calling thread's batch of the {@link RocksStore}, under this incarnation's key prefix. Thread-safe as
 * its callers are: {@link #queued} from any publisher (the sequence is atomic), the rest from the owner or
 * under the registry's monitor.
 */
final class RocksSessionJournal implements SessionJournal {
    private static final byte[] NONE = new byte[0];

    private final RocksStore store;
    private final String clientId;
    private final long incarnation;
    private final byte[] prefix;
    private final AtomicLong seq;

    RocksSessionJournal(RocksStore store, String clientId, long incarnation, long lastSeq) {
        this.store = store;
        this.clientId = clientId;
        this.incarnation = incarnation;
        this.prefix = Keys.state(clientId, incarnation);
        this.seq = new AtomicLong(lastSeq);
    }

    long incarnation() {
        return incarnation;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void saved(long expiryInterval, long disconnectedAtMillis) {
        store.batch().put(Keys.session(clientId), Records.session(incarnation, expiryInterval, disconnectedAtMillis));
    }

    @Override
    public void removed() {
        RocksStore.Batch b = store.batch();
        b.delete(Keys.session(clientId));
        b.deleteRange(prefix, Keys.after(prefix));
    }

    @Override
    public void willPending(Will will, long dueAtMillis) {
        store.batch().put(Keys.state(prefix, Keys.WILL, NONE), Records.will(will, dueAtMillis));
    }

    @Override
    public void willGone() {
        store.batch().delete(Keys.state(prefix, Keys.WILL, NONE));
    }

    @Override
    public void subscribed(ClientSubscription subscription) {
        store.batch().put(filterKey(subscription.subscription().topicFilter()), Records.subscription(subscription));
    }

    @Override
    public void unsubscribed(String topicFilter) {
        store.batch().delete(filterKey(topicFilter));
    }

    private byte[] filterKey(String filter) {
        return Keys.state(prefix, Keys.SUBSCRIPTION, filter.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Delivery queued(Delivery delivery) {
        if (delivery.qos() == QoS.AT_MOST_ONCE) {
            return delivery; // QoS 0 is never acknowledged, so it is not kept
        }
        long id = seq.incrementAndGet();
        RocksStore.Batch b = store.batch();
        b.put(Keys.state(prefix, Keys.QUEUED, id), Records.delivery(delivery, b.encoded(delivery.message())));
        return delivery.withJournalId(id);
    }

    @Override
    public void sent(OutboundMessage message) {
        if (message.delivery().journalId() != 0) {
            // QoS 2: durable before the PUBLISH leaves, or a restart would send it again under a new id.
            // QoS 1: if lost, the message is sent again after a restart, which QoS 1 allows.
            RocksStore.Batch b = store.batch();
            byte[] key = Keys.state(prefix, Keys.INFLIGHT, message.packetId());
            byte[] value = Records.inflight(message.delivery().journalId(), false);
            if (message.delivery().qos() == QoS.EXACTLY_ONCE) {
                b.put(key, value);
            } else {
                b.putLazy(key, value);
            }
        }
    }

    @Override
    public void released(OutboundMessage message) {
        if (message.delivery().journalId() != 0) {
            store.batch().put(Keys.state(prefix, Keys.INFLIGHT, message.packetId()),
                    Records.inflight(message.delivery().journalId(), true));
        }
    }

    @Override
    public void completed(Delivery delivery, int packetId) {
        if (delivery.journalId() == 0) {
            return;
        }
        // a finished delivery lost in a power cut is sent again (QoS 1) or its PUBREL is (QoS 2): both allowed
        RocksStore.Batch b = store.batch();
        if (packetId != 0) {
            b.deleteLazy(Keys.state(prefix, Keys.INFLIGHT, packetId));
        }
        b.deleteLazy(Keys.state(prefix, Keys.QUEUED, delivery.journalId()));
    }

    @Override
    public void receivedQos2(int packetId) {
        store.batch().put(Keys.state(prefix, Keys.AWAITING, packetId), NONE);
    }

    @Override
    public void releasedQos2(int packetId) {
        store.batch().delete(Keys.state(prefix, Keys.AWAITING, packetId));
    }
}
