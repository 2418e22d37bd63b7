package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InMemoryRetainedStoreConcurrencyTest {
    private static final String[] TOPICS = {"a", "a/b", "a/b/c", "a/x", "b/c", "a/b/c/d"};
    private static final int WRITERS = 3;
    private static final int ROUNDS = 20_000;

    private static Publish message(String topic, String payload) {
        return new Publish(topic, QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8(payload), Properties.EMPTY);
    }

    @Test
    @Timeout(60)
    void putAndDelete_whileOthersMatch_noErrorsAndSizeMatchesContent() throws Exception {
        InMemoryRetainedStore store = new InMemoryRetainedStore();
        store.put(message("a/b/stable", "stable"));
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int offset = w;
            threads.add(new Thread(() -> run(errors, start, () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    String topic = TOPICS[(i + offset) % TOPICS.length];
                    store.put(message(topic, i % 4 == 3 ? "" : "v" + i));
                }
            })));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> run(errors, start, () -> {
                while (writing.get()) {
                    List<Publish> found = store.match("a/#");
                    if (found.stream().noneMatch(p -> p.topic().equals("a/b/stable"))) {
                        throw new AssertionError("stable retained message missing: " + found);
                    }
                }
            })));
        }

        threads.forEach(Thread::start);
        start.countDown();
        for (Thread writer : threads.subList(0, WRITERS)) {
            writer.join(TimeUnit.SECONDS.toMillis(50));
        }
        writing.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertThat(errors).isEmpty();
        assertThat(store.size()).isEqualTo(store.match("#").size());
        for (String topic : TOPICS) {
            store.put(message(topic, ""));
        }
        assertThat(store.match("#")).extracting(Publish::topic).containsExactly("a/b/stable");
        assertThat(store.size()).isEqualTo(1);
    }

    private static void run(ConcurrentLinkedQueue<Throwable> errors, CountDownLatch start, Runnable body) {
        try {
            start.await();
            body.run();
        } catch (Throwable e) {
            errors.add(e);
        }
    }
}
