package io.mqttools.bench.metrics;

import io.mqttools.broker.metrics.TopicCounter;
import io.mqttools.broker.metrics.TopicRates;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the dashboard's per-topic counting adds to one inbound PUBLISH: {@link TopicCounter#count} on
 * {@value #BATCH} topic strings, each its own instance (as a decoded topic is), so that the table compares
 * characters, not references. The strings are made in the setup so that only the counting is measured,
 * which also means their hashes are cached after the first batch: on the message path the topic's hash
 * is computed once, here (about 1 ns per character of topic more). {@code countAndDrain} also drains the
 * counter after each batch, far more often than the sampler's once a second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopicCounterBenchmark {
    static final int BATCH = 1024;

    /** Distinct topics among the {@value #BATCH} messages of a batch. */
    @Param({"1", "100", "700"})
    int topics;

    private String[] batch;
    private TopicRates rates;
    private TopicCounter counter;

    @Setup
    public void setUp() {
        batch = new String[BATCH];
        for (int i = 0; i < BATCH; i++) {
            byte[] utf8 = ("factory/line" + (i % topics) + "/sensor/temperature").getBytes(StandardCharsets.UTF_8);
            batch[i] = new String(utf8, StandardCharsets.UTF_8);
        }
        rates = new TopicRates(true);
        counter = rates.counter(Runnable::run);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public TopicCounter count() {
        for (String topic : batch) {
            counter.count(topic, 64, 1);
        }
        return counter;
    }

    /** Also drains the counter into the rates table once per {@value #BATCH} messages. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public TopicCounter countAndDrain() {
        for (String topic : batch) {
            counter.count(topic, 64, 1);
        }
        rates.tick(System.currentTimeMillis());
        return counter;
    }
}
