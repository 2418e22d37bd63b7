package io.mqttools.broker.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Open sockets of one listener, and every socket accepted. Thread-safe; touched once per socket. */
public final class ListenerGauge {
    private final String name;
    private final LongAdder accepted;
    private final AtomicInteger open = new AtomicInteger();

    ListenerGauge(String name, LongAdder accepted) {
        this.name = name;
        this.accepted = accepted;
    }

    public String name() {
        return name;
    }

    /** A socket was accepted. */
    public void opened() {
        accepted.increment();
        open.incrementAndGet();
    }

    /** A socket counted by {@link #opened()} closed. */
    public void closed() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
