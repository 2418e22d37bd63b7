package io.mqttools.client;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The queue of {@link Event}s a {@link Client} delivers: received messages and connection changes.
 * Thread-safe; usually one application thread takes from it.
 *
 * <p>Backpressure: once {@code capacity} events wait here, the client stops reading from the broker
 * connection (TCP flow control then slows the broker down) and resumes when the queue is half empty.
 * Nothing is dropped; connection events are always queued.
 *
 * <pre>{@code
 * while (true) {
 *     if (client.events().take() instanceof Message m) {
 *         System.out.println(m.topic());
 *     }
 * }
 * }</pre>
 */
public final class EventQueue {
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final int capacity;
    private volatile Runnable resume = () -> { };
    private volatile boolean paused;

    EventQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Waits for the next event. */
    public Event take() throws InterruptedException {
        return afterTake(queue.take());
    }

    /** The next event, or null when none arrives within the timeout. */
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        return afterTake(queue.poll(timeout, unit));
    }

    /** The next event, or null when the queue is empty. */
    public Event poll() {
        return afterTake(queue.poll());
    }

    public int size() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Adds an event; returns false when the queue is at or above capacity (the producer should pause). */
    boolean put(Event event) {
        queue.add(event);
        if (queue.size() >= capacity) {
            paused = true;
            return false;
        }
        return true;
    }

    void onResume(Runnable action) {
        this.resume = action;
    }

    private Event afterTake(Event event) {
        if (event != null && paused && queue.size() <= capacity / 2) {
            paused = false;
            resume.run();
        }
        return event;
    }
}
