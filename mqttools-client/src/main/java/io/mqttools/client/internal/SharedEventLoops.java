package io.mqttools.client.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop threads that many clients' connectors share: each connector takes one loop, round robin,
 * and keeps it until it stops; the connectors never shut the loops down, {@link #close()} does.
 * Thread-safe (Netty's {@code next()} is).
 */
public final class SharedEventLoops implements AutoCloseable {
    private final EventLoopGroup group;
    private final int threads;

    public SharedEventLoops(int threads, String namePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread is needed, not " + threads);
        }
        this.threads = threads;
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory(namePrefix, true));
    }

    /** The loop for the next connector to start. */
    EventLoop next() {
        if (group.isShuttingDown()) {
            throw new IllegalStateException("the shared client threads are closed");
        }
        return group.next().next();
    }

    public int threads() {
        return threads;
    }

    public boolean isClosed() {
        return group.isShuttingDown();
    }

    /** Stops the threads, waiting up to 5 s for them to end; connections still open on them are closed. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
