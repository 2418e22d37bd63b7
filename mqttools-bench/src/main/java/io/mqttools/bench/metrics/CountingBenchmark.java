package io.mqttools.bench.metrics;

import io.mqttools.broker.metrics.Tally;
import io.mqttools.broker.metrics.TrafficCounters;
import io.mqttools.broker.transport.ByteCountHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The write side of a fan-out delivery as a connection does it: {@value #BATCH} encoded PUBLISHes written
 * through the pipeline, then one flush, with ({@code counting=true}: {@link ByteCountHandler} in the
 * pipeline and a {@link Tally} bumped per packet, added at the flush) and without the counters. The
 * difference per operation is what counting adds to one delivery. The pipeline ends in a sink that
 * releases what it is given, so the socket's cost is left out and the counters' share is at its largest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CountingBenchmark {
    private static final int BATCH = 16;

    @Param({"false", "true"})
    public boolean counting;

    private EmbeddedChannel channel;
    private ByteBuf publish;
    private Tally tally;

    @ChannelHandler.Sharable
    private static final class Sink extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
        }
    }

    @Setup
    public void setUp() {
        TrafficCounters counters = new TrafficCounters();
        channel = new EmbeddedChannel();
        channel.pipeline().addLast("sink", new Sink());
        if (counting) {
            channel.pipeline().addLast(ByteCountHandler.NAME, new ByteCountHandler(counters, counters.listener("mqtt")));
            tally = counters.tally(channel.eventLoop());
        }
        publish = Unpooled.directBuffer(96).writeZero(96); // a PUBLISH of a 64-byte payload, as encoded
    }

    @TearDown
    public void tearDown() {
        publish.release();
        channel.finishAndReleaseAll();
    }

    /** One delivery: a write, and a sixteenth of a flush. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeBatchAndFlush() {
        for (int i = 0; i < BATCH; i++) {
            if (tally != null) {
                tally.messageSent();
                tally.publishSent(64);
            }
            channel.write(publish.retainedDuplicate(), channel.voidPromise());
        }
        if (tally != null) {
            tally.flush();
        }
        channel.flush();
    }
}
