package io.mqttools.broker.connection;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@link SharedEncoding} per worker event loop. The map is built before any connection exists and
 * never changes, so it is read from any loop without locking; each {@link SharedEncoding} is used only
 * by its own loop.
 */
public final class SharedEncodings {
    private final Map<EventExecutor, SharedEncoding> byLoop = new IdentityHashMap<>();

    public SharedEncodings(EventLoopGroup workers, ByteBufAllocator alloc) {
        for (EventExecutor loop : workers) {
            byLoop.put(loop, new SharedEncoding(alloc));
        }
    }

    /** The encoding of the given loop, or null for a loop outside the group. */
    SharedEncoding of(EventExecutor loop) {
        return byLoop.get(loop);
    }

    /** Releases the remembered buffers, each on its own loop; call after the connections are closed. */
    public void releaseAll() {
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<EventExecutor, SharedEncoding> e : byLoop.entrySet()) {
            if (!e.getKey().isShuttingDown()) {
                done.add(e.getKey().submit(e.getValue()::clear));
            }
        }
        for (Future<?> f : done) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
