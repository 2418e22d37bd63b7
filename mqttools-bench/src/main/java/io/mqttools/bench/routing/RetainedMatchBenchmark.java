package io.mqttools.bench.routing;

import io.mqttools.broker.routing.InMemoryRetainedStore;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link InMemoryRetainedStore#match} on 10,000 retained topics ({@code sensors/room{0..999}/{10 kinds}}):
 * a literal-prefix filter that matches 10 of them, and a '+' filter that matches 1,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RetainedMatchBenchmark {
    private static final int ROOMS = 1000;
    private static final String[] KINDS = {"temperature", "humidity", "co2", "light", "noise", "door", "window",
        "motion", "power", "status"};

    private final InMemoryRetainedStore store = new InMemoryRetainedStore();

    @Setup
    public void fill() {
        Bytes payload = Bytes.utf8("21.5");
        for (int room = 0; room < ROOMS; room++) {
            for (String kind : KINDS) {
                store.put(new Publish("sensors/room" + room + "/" + kind, QoS.AT_MOST_ONCE, true, false, 0, payload,
                        Properties.EMPTY));
            }
        }
        if (store.size() != ROOMS * KINDS.length || matchRoom().size() != KINDS.length
                || matchKindInEveryRoom().size() != ROOMS) {
            throw new IllegalStateException("benchmark store is not the one described");
        }
    }

    @Benchmark
    public List<Publish> matchRoom() {
        return store.match("sensors/room1/#");
    }

    @Benchmark
    public List<Publish> matchKindInEveryRoom() {
        return store.match("sensors/+/temperature");
    }
}
