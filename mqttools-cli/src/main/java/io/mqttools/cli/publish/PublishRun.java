package io.mqttools.cli.publish;

import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.protocol.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Publishes {@code count} messages from {@code tasks} threads, each taking the next message number,
 * and completes when every message is complete (written for QoS 0, acknowledged for QoS 1/2). The first
 * failure stops the run. Counters are atomics read by the progress line.
 */
final class PublishRun {
    private final Client client;
    private final int count;
    private final int tasks;
    private final IntFunction<Message> messages;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger notMatched = new AtomicInteger();

    PublishRun(Client client, int count, int tasks, IntFunction<Message> messages) {
        this.client = client;
        this.count = count;
        this.tasks = tasks;
        this.messages = messages;
    }

    CompletableFuture<Void> execute() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Thread> threads = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            Thread thread = new Thread(() -> {
                int n;
                while (!done.isDone() && (n = next.getAndIncrement()) < count) {
                    client.publish(messages.apply(n)).whenComplete((code, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            if (code == ReasonCode.NO_MATCHING_SUBSCRIBERS) {
                                notMatched.incrementAndGet();
                            }
                            if (completed.incrementAndGet() == count) {
                                done.complete(null);
                            }
                        }
                    });
                }
            }, "publisher-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        return done;
    }

    int completed() {
        return completed.get();
    }

    int notMatched() {
        return notMatched.get();
    }
}
