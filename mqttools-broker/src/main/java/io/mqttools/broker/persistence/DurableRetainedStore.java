package io.mqttools.broker.persistence;

import io.mqttools.broker.routing.RetainedStore;
import io.mqttools.protocol.packet.Publish;
import java.util.List;

/**
 * Retained messages kept in memory for matching (the wrapped store) and written to the calling
 * thread's batch, with the wall-clock time they were stored so that their Message Expiry keeps counting
 * across restarts. Expired messages removed from memory stay on disk until the next start drops them.
 * Thread-safe as the wrapped store is.
 */
public final class DurableRetainedStore implements RetainedStore {
    private final RetainedStore memory;
    private final RocksStore store;

    public DurableRetainedStore(RetainedStore memory, RocksStore store) {
        this.memory = memory;
        this.store = store;
    }

    @Override
    public void put(Publish message) {
        memory.put(message);
        if (message.topic().startsWith("$SYS")) {
            return; // the broker's own counters: published anew at every start, stale after a restart
        }
        if (message.payload().length() == 0) {
            store.batch().delete(Keys.retained(message.topic()));
        } else {
            store.batch().put(Keys.retained(message.topic()), Records.retained(message, System.currentTimeMillis()));
        }
    }

    @Override
    public List<Publish> match(String topicFilter) {
        return memory.match(topicFilter);
    }

    @Override
    public int size() {
        return memory.size();
    }

    @Override
    public int removeExpired() {
        return memory.removeExpired();
    }
}
