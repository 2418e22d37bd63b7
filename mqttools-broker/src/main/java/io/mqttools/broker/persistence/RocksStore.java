package io.mqttools.broker.persistence;

import io.mqttools.broker.session.Durability;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.SessionJournal;
import io.mqttools.protocol.packet.Publish;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The broker's RocksDB database and its group commit. Every thread writes into a {@link Batch} of its
 * own (no lock on the message path); {@link #commit()} writes that batch with one synced write — RocksDB
 * joins the synced writes of concurrent threads into one WAL sync — and then runs what waited for it.
 * A batch holding only writes whose loss in a power cut costs at most a QoS 1 re-delivery ({@link
 * Batch#putLazy}, {@link Batch#deleteLazy}) is written without the sync: it still survives the process
 * being killed (it is in the operating system's hands), and the next synced write makes it durable too,
 * since the log is written in order.
 *
 * <p>Opening checks the format version key; a directory that holds something else, a database of
 * another format version, or one RocksDB reports corrupt is a {@link CorruptStoreException} naming the
 * directory: nothing is ever wiped. A write that fails puts the store in a failed state in which every
 * commit throws, so that nothing more is acknowledged.
 */
public final class RocksStore implements Durability, AutoCloseable {
    /** The format of the keys and values (docs/persistence.md); a different one is refused on open. */
    static final int FORMAT_VERSION = 1;

    private final Path dir;
    private final RocksDB db;
    private final Options options;
    private final WriteOptions synced;
    private final WriteOptions unsynced;
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(this::newBatch);
    private final ConcurrentLinkedQueue<Batch> allBatches = new ConcurrentLinkedQueue<>();
    private final AtomicLong incarnations;
    private volatile String failure;
    /** How many {@link #write()}s have reached the log without a sync, and up to which count a sync covered them. */
    private final AtomicLong unsyncedWrites = new AtomicLong();
    private final AtomicLong syncedUpTo = new AtomicLong();

    private RocksStore(Path dir, RocksDB db, Options options, long lastIncarnation) {
        this.dir = dir;
        this.db = db;
        this.options = options;
        this.synced = new WriteOptions().setSync(true);
        this.unsynced = new WriteOptions();
        this.incarnations = new AtomicLong(Math.max(lastIncarnation, System.currentTimeMillis() * 1000));
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @throws CorruptStoreException when the directory cannot be used; the message names it and why
     */
    public static RocksStore open(Path dir) {
        RocksLibrary.load();
        boolean fresh = isEmptyOrMissing(dir);
        if (!fresh && !Files.exists(dir.resolve("CURRENT"))) {
            throw new CorruptStoreException("data directory " + dir + " is not empty and holds no mqttools store");
        }
        Options options = new Options().setCreateIfMissing(fresh);
        RocksDB db;
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException | IOException e) {
            options.close();
            throw new CorruptStoreException("cannot open data directory " + dir + ": " + e.getMessage());
        }
        try {
            byte[] version = db.get(Keys.version());
            if (version == null && fresh) {
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    db.put(sync, Keys.version(), ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array());
                }
            } else if (version == null || version.length != 4 || ByteBuffer.wrap(version).getInt() != FORMAT_VERSION) {
                throw new CorruptStoreException("data directory " + dir + " has store format "
                        + (version == null || version.length != 4 ? "unknown" : ByteBuffer.wrap(version).getInt())
                        + ", this broker reads format " + FORMAT_VERSION);
            }
        } catch (RocksDBException | CorruptStoreException e) {
            db.close();
            options.close();
            throw e instanceof CorruptStoreException c ? c
                    : new CorruptStoreException("cannot read data directory " + dir + ": " + e.getMessage());
        }
        return new RocksStore(dir, db, options, 0);
    }

    private static boolean isEmptyOrMissing(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            throw new CorruptStoreException("data directory " + dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new CorruptStoreException("cannot read data directory " + dir + ": " + e.getMessage());
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public SessionJournal create(Session session) {
        return new RocksSessionJournal(this, session.clientId(), incarnations.incrementAndGet(), 0);
    }

    /** A journal for a session loaded from disk, continuing its incarnation and sequence. */
    RocksSessionJournal restore(String clientId, long incarnation, long lastSeq) {
        incarnations.accumulateAndGet(incarnation, Math::max);
        return new RocksSessionJournal(this, clientId, incarnation, lastSeq);
    }

    @Override
    public void afterCommit(Runnable action) {
        batch().after.add(action);
    }

    @Override
    public void commit() {
        flush(true);
    }

    @Override
    public void write() {
        flush(false);
    }

    private void flush(boolean durable) {
        Batch b = batches.get();
        long written = unsyncedWrites.get();
        boolean behind = durable && written > syncedUpTo.get(); // another thread's write() still needs its sync
        boolean hasWrites = b.writes.count() > 0;
        if (!hasWrites && b.after.isEmpty() && !behind) {
            return;
        }
        if (failure != null) {
            b.clear();
            throw new IllegalStateException(failure);
        }
        try {
            boolean sync = durable && (b.mustSync || behind);
            if (hasWrites) {
                db.write(sync ? synced : unsynced, b.writes);
            } else if (sync) {
                db.syncWal();
            }
            if (sync) {
                syncedUpTo.accumulateAndGet(written, Math::max); // the sync covered every write counted before it
            } else if (hasWrites && !durable) {
                unsyncedWrites.incrementAndGet(); // counted once in the log, so that a sync started later covers it
            }
        } catch (RocksDBException e) {
            failure = "cannot write to " + dir + ": " + e.getMessage();
            b.clear();
            throw new IllegalStateException(failure, e);
        }
        if (hasWrites) {
            b.writes.clear();
            b.mustSync = false;
        }
        b.lastMessage = null;
        b.lastEncoded = null;
        List<Runnable> actions = b.after;
        if (!actions.isEmpty()) {
            b.after = new ArrayList<>();
            for (int i = 0, n = actions.size(); i < n; i++) {
                actions.get(i).run();
            }
        }
    }

    /** True while a {@link #write()} has reached the log and no sync has covered it yet. */
    boolean syncPending() {
        return unsyncedWrites.get() > syncedUpTo.get();
    }

    /** The calling thread's pending writes. */
    Batch batch() {
        return batches.get();
    }

    private Batch newBatch() {
        Batch b = new Batch();
        allBatches.add(b);
        return b;
    }

    /** Reads: an iterator over the whole store (recovery); the caller closes it. */
    RocksIterator iterator() {
        return db.newIterator();
    }

    @Override
    public void close() {
        for (Batch b : allBatches) {
            b.writes.close();
        }
        synced.close();
        unsynced.close();
        db.close();
        options.close();
    }

    /** One thread's pending writes and the actions waiting for them. Confined to its thread. */
    static final class Batch {
        final WriteBatch writes = new WriteBatch();
        /** True once a write needs the fsync before what depends on it may leave. */
        private boolean mustSync;
        List<Runnable> after = new ArrayList<>();
        /** The last message encoded in this batch, so that a fan-out to many sessions encodes it once. */
        private Publish lastMessage;
        private byte[] lastEncoded;

        void put(byte[] key, byte[] value) {
            mustSync = true;
            putLazy(key, value);
        }

        /** A put whose loss in a power cut is harmless (a QoS 1 message sent again): no fsync of its own. */
        void putLazy(byte[] key, byte[] value) {
            try {
                writes.put(key, value);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        void delete(byte[] key) {
            mustSync = true;
            deleteLazy(key);
        }

        /** A delete whose loss in a power cut is harmless (a finished message sent again): no fsync of its own. */
        void deleteLazy(byte[] key) {
            try {
                writes.delete(key);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        void deleteRange(byte[] from, byte[] to) {
            mustSync = true;
            try {
                writes.deleteRange(from, to);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        /** True when the next commit must sync (some write in the batch is not lazy). */
        boolean needsSync() {
            return mustSync;
        }

        byte[] encoded(Publish message) {
            if (message != lastMessage) {
                lastEncoded = Records.publish(message);
                lastMessage = message;
            }
            return lastEncoded;
        }

        private void clear() {
            writes.clear();
            mustSync = false;
            after.clear();
            lastMessage = null;
            lastEncoded = null;
        }
    }
}
