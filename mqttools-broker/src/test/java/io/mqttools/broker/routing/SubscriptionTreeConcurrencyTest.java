package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SubscriptionTreeConcurrencyTest {
    private static final String[] FILTERS = {"a/b/c", "a/+/c", "a/#", "#", "+/b/+", "x/y", "a/b/c/d", "$share/g/a/b/c"};
    private static final int WRITERS = 3;
    private static final int ROUTERS = 3;
    private static final int ROUNDS = 20_000;

    @Test
    @Timeout(60)
    void route_whileOthersSubscribeAndUnsubscribe_noErrorsAndConsistentFinalState() throws Exception {
        SubscriptionTree tree = new SubscriptionTree();
        // a stable subscriber that must be seen by every route, whatever the churn around it
        tree.subscribe("stable", new Subscription("a/b/c", QoS.AT_LEAST_ONCE), 0);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong routed = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();

        for (int w = 0; w < WRITERS; w++) {
            String client = "w" + w;
            threads.add(new Thread(() -> run(errors, start, () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    String filter = FILTERS[i % FILTERS.length];
                    tree.subscribe(client, new Subscription(filter, QoS.of(i % 3)), i % 5);
                    if (i % 3 != 0) {
                        tree.unsubscribe(client, FILTERS[(i * 7) % FILTERS.length]);
                    }
                    if (i % 1000 == 999) {
                        tree.unsubscribeAll(client);
                    }
                }
                tree.unsubscribeAll(client);
            })));
        }
        for (int r = 0; r < ROUTERS; r++) {
            threads.add(new Thread(() -> run(errors, start, () -> {
                while (writing.get()) {
                    List<Route> routes = tree.route("a/b/c", null, id -> true);
                    long stable = routes.stream().filter(route -> route.clientId().equals("stable")).count();
                    if (stable != 1) {
                        throw new AssertionError("stable subscriber routed " + stable + " times: " + routes);
                    }
                    long plain = routes.stream().filter(route -> route.shareName() == null).count();
                    long distinct = routes.stream().filter(route -> route.shareName() == null)
                            .map(Route::clientId).distinct().count();
                    if (plain != distinct) {
                        throw new AssertionError("a client routed twice: " + routes);
                    }
                    routed.incrementAndGet();
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
        assertThat(routed.get()).isPositive();
        assertThat(tree.subscriptionCount()).isEqualTo(1);
        assertThat(tree.route("a/b/c", null, id -> true))
                .containsExactly(new Route("stable", QoS.AT_LEAST_ONCE, false, List.of(), null));
        assertThat(tree.unsubscribe("stable", "a/b/c")).isTrue();
        assertThat(tree.isPruned()).isTrue();
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
