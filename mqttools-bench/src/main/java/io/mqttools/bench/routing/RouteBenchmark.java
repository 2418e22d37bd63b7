package io.mqttools.bench.routing;

import io.mqttools.broker.routing.Route;
import io.mqttools.broker.routing.SubscriptionTree;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Subscription;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * {@link SubscriptionTree#route} on a tree of 10,003 subscriptions from 10,003 clients, a mix of exact and
 * wildcard filters over 1,000 rooms and 1,000 devices. {@code sensors/room1/temperature} matches five of
 * them, on five different nodes (so the per-client merge runs); {@code devices/42/status} matches one
 * exact and one '#' filter; {@code nothing/here} matches none.
 *
 * <p>Run with {@code -prof gc} for B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteBenchmark {
    private static final int ROOMS = 1000;
    private static final Predicate<String> ALL_AVAILABLE = id -> true;

    private final SubscriptionTree tree = new SubscriptionTree();

    @Setup
    public void fill() {
        for (int i = 0; i < 10 * ROOMS; i++) {
            int room = i % ROOMS;
            String filter = switch (i / ROOMS) {
                case 0 -> "sensors/room" + room + "/temperature";
                case 1 -> "sensors/room" + room + "/humidity";
                case 2 -> "sensors/room" + room + "/+";
                case 3 -> "devices/" + room + "/status";
                case 4 -> "devices/" + (room + ROOMS) + "/#";
                case 5 -> "sensors/room" + room + "/temperature/history";
                case 6 -> "buildings/b" + room + "/floor/+/temperature";
                case 7 -> "+/room" + room + "/temperature";
                case 8 -> "alerts/" + room;
                default -> "devices/+/status/" + room;
            };
            tree.subscribe("client-" + i, new Subscription(filter, QoS.AT_LEAST_ONCE), 0);
        }
        tree.subscribe("monitor-1", new Subscription("sensors/+/temperature", QoS.AT_MOST_ONCE), 1);
        tree.subscribe("monitor-2", new Subscription("sensors/#", QoS.AT_MOST_ONCE), 0);
        tree.subscribe("device-42", new Subscription("devices/42/#", QoS.AT_MOST_ONCE), 0);
        if (tree.subscriptionCount() != 10 * ROOMS + 3 || route().size() != 5 || routeTwoMatches().size() != 2
                || routeNoMatch().size() != 0) {
            throw new IllegalStateException("benchmark tree is not the one described");
        }
    }

    @Benchmark
    public List<Route> route() {
        return tree.route("sensors/room1/temperature", "publisher", ALL_AVAILABLE);
    }

    @Benchmark
    public List<Route> routeTwoMatches() {
        return tree.route("devices/42/status", "publisher", ALL_AVAILABLE);
    }

    @Benchmark
    public List<Route> routeNoMatch() {
        return tree.route("nothing/here", "publisher", ALL_AVAILABLE);
    }
}
