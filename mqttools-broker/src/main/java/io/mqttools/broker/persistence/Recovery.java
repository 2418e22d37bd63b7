package io.mqttools.broker.persistence;

import io.mqttools.broker.config.Limits;
import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.broker.routing.Router;
import io.mqttools.broker.session.Delivery;
import io.mqttools.broker.session.OutboundMessage;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.SessionRegistry;
import io.mqttools.broker.session.WillPublisher;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Will;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rocksdb.RocksIterator;

/**
 * Loads a store on start, before the broker listens: sessions with their subscriptions (into the
 * router), queued and in-flight messages, QoS 2 ids awaiting PUBREL and delayed wills (into the
 * registry, timers running for the time they had left), and retained messages. Sessions and retained
 * messages that expired while the broker was down are deleted (a session's delayed will is published
 * then); so is state of a dead incarnation. A value that does not decode is a {@link CorruptStoreException}.
 * Runs on one thread, once.
 */
public final class Recovery {
    /** What was loaded, and how long it took. */
    public record Result(int sessions, int queued, int retained, int expired, long millis) {
    }

    private record Meta(long incarnation, long expiryInterval, long disconnectedAtMillis) {
    }

    private final RocksStore store;
    private final SessionRegistry registry;
    private final Router router;
    private final RetainedStore retained;
    private final WillPublisher wills;
    private final int maxQueued;
    private final long maxQueuedBytes;
    private final long now = System.currentTimeMillis();
    private final List<Map.Entry<String, Will>> dueWills = new ArrayList<>();
    private int sessions;
    private int queued;
    private int expired;

    /** @param router and {@code retained}: the in-memory ones, which are filled without writing again */
    public Recovery(RocksStore store, SessionRegistry registry, Router router, RetainedStore retained,
                    WillPublisher wills, int maxQueued) {
        this(store, registry, router, retained, wills, maxQueued, 0);
    }

    /** @param maxQueuedBytes each session's bound on queued payload bytes; 0 for none */
    public Recovery(RocksStore store, SessionRegistry registry, Router router, RetainedStore retained,
                    WillPublisher wills, int maxQueued, long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.store = store;
        this.registry = registry;
        this.router = router;
        this.retained = retained;
        this.wills = wills;
        this.maxQueued = maxQueued;
    }

    public Result run() {
        long start = System.nanoTime();
        Map<String, Meta> metas = readSessions();
        try (RocksIterator it = store.iterator()) {
            it.seek(new byte[] {Keys.STATE});
            while (it.isValid() && it.key()[0] == Keys.STATE) {
                byte[] key = it.key();
                int idLength = ((key[1] & 0xFF) << 8) | (key[2] & 0xFF);
                String clientId = Keys.utf8(key, 3, 3 + idLength);
                long incarnation = ByteBuffer.wrap(key, 3 + idLength, 8).getLong();
                byte[] prefix = Keys.state(clientId, incarnation);
                Meta meta = metas.get(clientId);
                if (meta == null || meta.incarnation() != incarnation) {
                    store.batch().deleteRange(prefix, Keys.after(prefix)); // written after its session ended
                    it.seek(Keys.after(prefix));
                    continue;
                }
                metas.remove(clientId);
                load(clientId, meta, prefix, it);
            }
            checkStatus(it);
        }
        for (Map.Entry<String, Meta> e : metas.entrySet()) {
            finish(e.getKey(), e.getValue(), Keys.state(e.getKey(), e.getValue().incarnation()), new State());
        }
        int retainedCount = readRetained();
        for (Map.Entry<String, Will> e : dueWills) {
            wills.publishWill(e.getKey(), e.getValue());
        }
        store.commit();
        return new Result(sessions, queued, retainedCount, expired, (System.nanoTime() - start) / 1_000_000);
    }

    private Map<String, Meta> readSessions() {
        Map<String, Meta> metas = new HashMap<>();
        try (RocksIterator it = store.iterator()) {
            for (it.seek(new byte[] {Keys.SESSION}); it.isValid() && it.key()[0] == Keys.SESSION; it.next()) {
                byte[] key = it.key();
                byte[] v = it.value();
                if (v.length != 24) {
                    throw new CorruptStoreException("session " + Keys.utf8(key, 1, key.length) + " in "
                            + store.directory() + " has a value of " + v.length + " bytes");
                }
                ByteBuffer b = ByteBuffer.wrap(v);
                metas.put(Keys.utf8(key, 1, key.length), new Meta(b.getLong(), b.getLong(), b.getLong()));
            }
            checkStatus(it);
        }
        return metas;
    }

    /** What one incarnation's keys hold. */
    private static final class State {
        final TreeMap<Long, Delivery> queue = new TreeMap<>();
        final TreeMap<Long, OutboundMessage> inflight = new TreeMap<>();
        final List<Integer> awaiting = new ArrayList<>();
        final List<ClientSubscription> subscriptions = new ArrayList<>();
        Will will;
        long willDue;
    }

    private void load(String clientId, Meta meta, byte[] prefix, RocksIterator it) {
        State state = new State();
        Map<Long, Map.Entry<Integer, Boolean>> sent = new HashMap<>();
        for (; it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
            byte[] key = it.key();
            byte kind = key[prefix.length];
            int rest = prefix.length + 1;
            switch (kind) {
                case Keys.QUEUED -> {
                    long seq = ByteBuffer.wrap(key, rest, 8).getLong();
                    state.queue.put(seq, Records.delivery(it.value(), seq));
                }
                case Keys.INFLIGHT -> {
                    int packetId = ((key[rest] & 0xFF) << 8) | (key[rest + 1] & 0xFF);
                    ByteBuffer v = ByteBuffer.wrap(it.value());
                    sent.put(v.getLong(), Map.entry(packetId, v.get() != 0));
                }
                case Keys.AWAITING -> state.awaiting.add(((key[rest] & 0xFF) << 8) | (key[rest + 1] & 0xFF));
                case Keys.SUBSCRIPTION -> state.subscriptions.add(
                        Records.subscription(Keys.utf8(key, rest, key.length), it.value()));
                case Keys.WILL -> {
                    state.will = Records.will(it.value());
                    state.willDue = Records.willDue(it.value());
                }
                default -> throw new CorruptStoreException("unknown key kind '" + (char) kind + "' for session "
                        + clientId + " in " + store.directory());
            }
        }
        for (Map.Entry<Long, Map.Entry<Integer, Boolean>> e : sent.entrySet()) {
            Delivery d = state.queue.remove(e.getKey());
            int packetId = e.getValue().getKey();
            if (d == null) {
                store.batch().delete(Keys.state(prefix, Keys.INFLIGHT, packetId)); // its message is gone
            } else {
                state.inflight.put(e.getKey(), new OutboundMessage(packetId, d, e.getValue().getValue()));
            }
        }
        finish(clientId, meta, prefix, state);
    }

    private void finish(String clientId, Meta meta, byte[] prefix, State state) {
        long disconnectedAt = meta.disconnectedAtMillis() == 0 ? now : meta.disconnectedAtMillis();
        long elapsed = Math.max(0, (now - disconnectedAt) / 1000);
        long expiry = meta.expiryInterval();
        if (expiry != Limits.NEVER_EXPIRE && elapsed >= expiry) {
            store.batch().delete(Keys.session(clientId));
            store.batch().deleteRange(prefix, Keys.after(prefix));
            if (state.will != null) {
                dueWills.add(Map.entry(clientId, state.will)); // the session ended before or with its will delay
            }
            expired++;
            return;
        }
        Session session = new Session(clientId, maxQueued, maxQueuedBytes);
        long lastSeq = Math.max(state.queue.isEmpty() ? 0 : state.queue.lastKey(),
                state.inflight.isEmpty() ? 0 : state.inflight.lastKey());
        RocksSessionJournal journal = store.restore(clientId, meta.incarnation(), lastSeq);
        session.journal(journal);
        for (OutboundMessage m : state.inflight.values()) {
            session.putInflight(m.packetId(), m);
        }
        for (Delivery d : state.queue.values()) {
            session.restorePending(d);
        }
        queued += state.queue.size() + state.inflight.size();
        session.awaitRelease(state.awaiting);
        for (ClientSubscription s : state.subscriptions) {
            router.subscribe(clientId, s.subscription(), s.subscriptionIdentifier());
        }
        if (meta.disconnectedAtMillis() == 0) {
            journal.saved(expiry, now); // connected when the broker stopped: its expiry counts from now
        }
        long willDelay = state.will == null ? 0 : Math.max(0, (state.willDue - now + 999) / 1000);
        registry.restore(session, expiry, expiry == Limits.NEVER_EXPIRE ? 0 : expiry - elapsed, state.will, willDelay);
        sessions++;
    }

    private int readRetained() {
        int count = 0;
        try (RocksIterator it = store.iterator()) {
            for (it.seek(new byte[] {Keys.RETAINED}); it.isValid() && it.key()[0] == Keys.RETAINED; it.next()) {
                byte[] v = it.value();
                long storedAt = ByteBuffer.wrap(v).getLong();
                Publish message = Records.publish(v, 8);
                long interval = message.properties().getInt(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1);
                if (interval >= 0) {
                    long left = interval - Math.max(0, (now - storedAt) / 1000);
                    if (left <= 0) {
                        store.batch().delete(it.key());
                        continue;
                    }
                    message = message.withProperties(message.properties().with(PropertyId.MESSAGE_EXPIRY_INTERVAL, left));
                }
                retained.put(message);
                count++;
            }
            checkStatus(it);
        }
        return count;
    }

    private void checkStatus(RocksIterator it) {
        try {
            it.status();
        } catch (org.rocksdb.RocksDBException e) {
            throw new CorruptStoreException("cannot read " + store.directory() + ": " + e.getMessage());
        }
    }
}
