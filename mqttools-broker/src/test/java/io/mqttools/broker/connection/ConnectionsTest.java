package io.mqttools.broker.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The open-connection list threaded through the handlers: counts, removal anywhere in it, repeats, threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionsTest {
    private final Connections connections = new Connections();

    @Test
    void addAndRemove_inAnyOrder_keepTheCountAndTheLinks() {
        List<ConnectionHandler> handlers = handlers(5);
        handlers.forEach(connections::add);
        assertThat(connections.count()).isEqualTo(5);

        connections.remove(handlers.get(2)); // middle
        connections.remove(handlers.get(4)); // newest
        connections.remove(handlers.get(0)); // oldest

        assertThat(connections.count()).isEqualTo(2);
        assertThat(handlers.get(3).previousOpen).isSameAs(handlers.get(1));
        assertThat(handlers.get(1).nextOpen).isSameAs(handlers.get(3));
        assertThat(handlers.get(1).previousOpen).isNull();
        assertThat(handlers.get(3).nextOpen).isNull();
        assertThat(handlers.get(2).previousOpen).isNull();
        assertThat(handlers.get(2).nextOpen).isNull();

        connections.remove(handlers.get(1));
        connections.remove(handlers.get(3));
        assertThat(connections.count()).isZero();
        assertThat(connections.connectedCount()).isZero();
        assertThat(connections.shutdown()).isEmpty();
    }

    @Test
    void addTwiceOrRemoveTwice_countsOnce() {
        List<ConnectionHandler> handlers = handlers(2);
        connections.add(handlers.get(0));
        connections.add(handlers.get(0)); // the only one, newest
        connections.add(handlers.get(1));
        connections.add(handlers.get(0)); // linked, not newest
        assertThat(connections.count()).isEqualTo(2);

        connections.remove(handlers.get(0));
        connections.remove(handlers.get(0));
        ConnectionHandler neverAdded = new ConnectionHandler(null);
        connections.remove(neverAdded);

        assertThat(connections.count()).isEqualTo(1);
        connections.remove(handlers.get(1));
        assertThat(connections.count()).isZero();
    }

    @Test
    void addAndRemove_fromManyThreads_endEmpty() throws Exception {
        int threads = 4;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                List<ConnectionHandler> mine = handlers(each);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                mine.forEach(connections::add);
                for (int i = mine.size() - 1; i >= 0; i -= 2) { // every other one, newest first
                    connections.remove(mine.get(i));
                }
                for (int i = 0; i < mine.size(); i += 2) {
                    connections.remove(mine.get(i));
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }

        assertThat(connections.count()).isZero();
        assertThat(connections.connectedCount()).isZero();
    }

    private static List<ConnectionHandler> handlers(int n) {
        List<ConnectionHandler> handlers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            handlers.add(new ConnectionHandler(null)); // not added to a channel: only the list's links are used
        }
        return handlers;
    }
}
