package io.mqttools.cli.monitor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TopicTableTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    private static List<TopicEntry> drain(TopicTable table) {
        List<TopicEntry> added = new ArrayList<>();
        table.drainAdded(added::add);
        return added;
    }

    @Test
    void onMessage_twoTopics_countsAndKeepsLastPerTopic() {
        TopicTable table = new TopicTable(10, 100, clock::get);

        table.onMessage("a", "1".getBytes(UTF_8), 10);
        table.onMessage("b", "2".getBytes(UTF_8), 20);
        table.onMessage("a", "3".getBytes(UTF_8), 30);

        List<TopicEntry> added = drain(table);
        assertThat(added).extracting(TopicEntry::topic).containsExactly("a", "b");
        TopicEntry a = added.get(0);
        assertThat(a.count()).isEqualTo(2);
        assertThat(new String(a.last().payload(), UTF_8)).isEqualTo("3");
        assertThat(a.last().timeMillis()).isEqualTo(30);
        assertThat(table.total()).isEqualTo(3);
        assertThat(table.topicCount()).isEqualTo(2);
    }

    @Test
    void drainAdded_calledTwice_offersEachTopicOnce() {
        TopicTable table = new TopicTable(10, 100, clock::get);
        table.onMessage("a", new byte[0], 1);
        drain(table);

        table.onMessage("a", new byte[0], 2);
        table.onMessage("b", new byte[0], 3);

        assertThat(drain(table)).extracting(TopicEntry::topic).containsExactly("b");
    }

    @Test
    void onMessage_moreTopicsThanMaximum_countsTheRestAsOverflow() {
        TopicTable table = new TopicTable(2, 100, clock::get);

        for (int i = 0; i < 5; i++) {
            table.onMessage("t" + i, new byte[] {1}, i);
        }
        table.onMessage("t0", new byte[] {2}, 9);

        assertThat(table.topicCount()).isEqualTo(2);
        assertThat(table.overflow()).isEqualTo(3);
        assertThat(table.total()).isEqualTo(6);
    }

    @Test
    void onMessage_payloadLargerThanMaximum_keepsHeadAndFullSize() {
        TopicTable table = new TopicTable(2, 4, clock::get);

        table.onMessage("t", "0123456789".getBytes(UTF_8), 1);

        TopicEntry.Last last = drain(table).get(0).last();
        assertThat(new String(last.payload(), UTF_8)).isEqualTo("0123");
        assertThat(last.size()).isEqualTo(10);
    }

    @Test
    void onConnectionState_stateChange_isStatusWithClockTime() {
        TopicTable table = new TopicTable(2, 4, clock::get);
        assertThat(table.status().state()).isEqualTo(ConnectionState.CONNECTING);

        clock.set(5_000);
        table.onConnectionState(ConnectionState.DISCONNECTED, "connection refused");

        assertThat(table.status()).isEqualTo(
                new TopicTable.Status(ConnectionState.DISCONNECTED, "connection refused", 5_000));
    }

    @Test
    @Timeout(30)
    void onMessage_concurrentWriters_loseNoCount() throws Exception {
        TopicTable table = new TopicTable(1_000, 16, clock::get);
        int writers = 4;
        int perWriter = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    table.onMessage("t" + (i % 10), new byte[] {(byte) i}, i);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<TopicEntry> added = drain(table);
        assertThat(added).hasSize(10);
        assertThat(added.stream().mapToLong(TopicEntry::count).sum()).isEqualTo((long) writers * perWriter);
        assertThat(table.total()).isEqualTo((long) writers * perWriter);
    }
}
