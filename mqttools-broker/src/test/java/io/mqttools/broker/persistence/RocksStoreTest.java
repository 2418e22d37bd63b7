package io.mqttools.broker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.routing.ClientSubscription;
import io.mqttools.broker.session.Delivery;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

class RocksStoreTest {
    @TempDir
    Path dir;

    @Test
    void open_emptyDirectory_createsStoreThatOpensAgain() {
        RocksStore.open(dir).close();
        assertThat(dir.resolve("CURRENT")).exists();
        RocksStore.open(dir).close();
    }

    @Test
    void commit_writesSurviveReopen() throws Exception {
        try (RocksStore store = RocksStore.open(dir)) {
            store.batch().put(Keys.retained("a/b"), new byte[] {1, 2, 3});
            store.commit();
        }
        try (RocksStore store = RocksStore.open(dir); var it = store.iterator()) {
            it.seek(Keys.retained("a/b"));
            assertThat(it.isValid()).isTrue();
            assertThat(it.value()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void commit_runsWaitingActionsAfterTheWrite() {
        try (RocksStore store = RocksStore.open(dir)) {
            int[] ran = {0};
            store.afterCommit(() -> ran[0]++);
            assertThat(ran[0]).isZero();
            store.commit();
            assertThat(ran[0]).isOne();
            store.commit();
            assertThat(ran[0]).isOne();
        }
    }

    @Test
    void commit_lazyWritesOnly_noSyncNeeded_anyOtherWriteNeedsIt() {
        try (RocksStore store = RocksStore.open(dir)) {
            store.batch().putLazy(Keys.retained("x"), new byte[] {1});
            store.batch().deleteLazy(Keys.retained("y"));
            assertThat(store.batch().needsSync()).isFalse();
            store.batch().put(Keys.retained("z"), new byte[] {2});
            assertThat(store.batch().needsSync()).isTrue();
            store.commit();
            assertThat(store.batch().needsSync()).isFalse();
        }
    }

    @Test
    void write_unsyncedUntilAnyThreadCommits() throws Exception {
        try (RocksStore store = RocksStore.open(dir)) {
            store.batch().put(Keys.retained("r"), new byte[] {1});
            int[] ran = {0};
            store.afterCommit(() -> ran[0]++);
            store.write();
            assertThat(ran[0]).isOne(); // written in order: what waited for it may go on
            assertThat(store.syncPending()).isTrue();
            Thread other = new Thread(store::commit); // its batch is empty, yet it must sync before it flushes
            other.start();
            other.join();
            assertThat(store.syncPending()).isFalse();
        }
    }

    @Test
    void open_otherFormatVersion_refusedAndLeftAlone() throws Exception {
        RocksStore.open(dir).close();
        RocksDB.loadLibrary();
        try (RocksDB db = RocksDB.open(dir.toString())) {
            db.put(Keys.version(), ByteBuffer.allocate(4).putInt(RocksStore.FORMAT_VERSION + 1).array());
        }
        assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("format " + (RocksStore.FORMAT_VERSION + 1));
        assertThat(dir.resolve("CURRENT")).exists();
    }

    @Test
    void open_directoryWithOtherFiles_refusedNotWiped() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("holds no mqttools store");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void open_corruptStore_clearError() throws Exception {
        RocksStore.open(dir).close();
        Files.writeString(dir.resolve("CURRENT"), "MANIFEST-999999\n");
        assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("cannot open data directory " + dir);
        assertThat(dir.resolve("CURRENT")).exists();
    }

    @Test
    void open_aFile_refused() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> RocksStore.open(file)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void open_storeInUse_refused() {
        try (RocksStore store = RocksStore.open(dir)) {
            assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining("cannot open data directory");
        }
    }

    @Test
    void records_deliveryRoundTrip_keepsEveryField() {
        Properties props = Properties.builder().set(PropertyId.CONTENT_TYPE, "text/plain")
                .set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 30L).userProperty("k", "v").build();
        Publish message = new Publish("a/b", QoS.EXACTLY_ONCE, true, false, 9, Bytes.utf8("payload"), props);
        Delivery d = new Delivery(message, QoS.AT_LEAST_ONCE, true, List.of(3, 7), 12345L, "grp");
        Delivery back = Records.delivery(Records.delivery(d, Records.publish(message)), 42);
        assertThat(back).isEqualTo(d.withJournalId(42));
    }

    @Test
    void records_subscriptionAndWillRoundTrip() {
        ClientSubscription s = new ClientSubscription(
                new Subscription("$share/g/x/#", QoS.EXACTLY_ONCE, false, true, RetainHandling.SEND_IF_NEW_SUBSCRIPTION), 5);
        assertThat(Records.subscription("$share/g/x/#", Records.subscription(s))).isEqualTo(s);
        Will will = new Will("w", Bytes.utf8("bye"), QoS.AT_LEAST_ONCE, true,
                Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, 5L).set(PropertyId.CONTENT_TYPE, "c").build());
        byte[] stored = Records.will(will, 777);
        assertThat(Records.willDue(stored)).isEqualTo(777);
        Will back = Records.will(stored);
        assertThat(back.topic()).isEqualTo("w");
        assertThat(back.payload()).isEqualTo(will.payload());
        assertThat(back.retain()).isTrue();
        assertThat(back.properties().has(PropertyId.CONTENT_TYPE)).isTrue();
    }

    @Test
    void records_undecodableMessage_corruptStoreException() {
        assertThatThrownBy(() -> Records.delivery(new byte[] {1, 0, 0}, 1)).isInstanceOf(CorruptStoreException.class);
    }

    @Test
    void keys_after_isTheNextPrefix() {
        assertThat(Keys.after(new byte[] {1, 2})).containsExactly(1, 3);
        assertThat(Keys.after(new byte[] {1, (byte) 0xFF})).containsExactly(2, 0);
    }
}
