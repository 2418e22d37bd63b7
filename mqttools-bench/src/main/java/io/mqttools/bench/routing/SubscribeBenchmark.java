package io.mqttools.bench.routing;

import io.mqttools.broker.routing.Route;
import io.mqttools.broker.routing.SubscriptionTree;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Subscription;
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
 * The write side and the fan-out of {@link SubscriptionTree}: one subscribe plus one unsubscribe of a filter of
 * its own (a sparse tree of 10,000 device filters) and of a filter 100,000 other clients share, and routing a
 * message to those 100,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubscribeBenchmark {
    private static final int CROWD = 100_000;
    private static final Subscription OWN = new Subscription("devices/new/status", QoS.AT_LEAST_ONCE);
    private static final Subscription SHARED = new Subscription("broadcast", QoS.AT_LEAST_ONCE);

    private final SubscriptionTree tree = new SubscriptionTree();

    @Setup
    public void fill() {
        for (int i = 0; i < 10_000; i++) {
            tree.subscribe("device-" + i, new Subscription("devices/" + i + "/status", QoS.AT_LEAST_ONCE), 0);
        }
        for (int i = 0; i < CROWD; i++) {
            tree.subscribe("listener-" + i, SHARED, 0);
        }
        if (routeToCrowd().size() != CROWD) {
            throw new IllegalStateException("benchmark tree is not the one described");
        }
    }

    @Benchmark
    public boolean subscribeAndUnsubscribeOwnFilter() {
        tree.subscribe("newcomer", OWN, 0);
        return tree.unsubscribe("newcomer", OWN.topicFilter());
    }

    @Benchmark
    public boolean subscribeAndUnsubscribeCrowdedFilter() {
        tree.subscribe("newcomer", SHARED, 0);
        return tree.unsubscribe("newcomer", SHARED.topicFilter());
    }

    @Benchmark
    public List<Route> routeToCrowd() {
        return tree.route("broadcast", null, id -> true);
    }
}
