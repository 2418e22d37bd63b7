package io.mqttools.bridge;

import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.BridgeConfig;
import java.util.ArrayList;
import java.util.List;

/** Every bridge of a configuration, started together and closed together (before the broker). */
public final class Bridges implements AutoCloseable {
    private final List<Bridge> bridges;

    private Bridges(List<Bridge> bridges) {
        this.bridges = List.copyOf(bridges);
    }

    /**
     * Starts a bridge per configuration on a started broker; each connects in the background.
     *
     * @throws IllegalStateException when a bridge's local session cannot be claimed (the others are closed)
     */
    public static Bridges start(List<BridgeConfig> configs, RunningBroker broker) {
        List<Bridge> started = new ArrayList<>();
        try {
            for (BridgeConfig c : configs) {
                started.add(Bridge.start(c, broker));
            }
        } catch (RuntimeException e) {
            started.forEach(Bridge::close);
            throw e;
        }
        return new Bridges(started);
    }

    public List<Bridge> bridges() {
        return bridges;
    }

    @Override
    public void close() {
        bridges.forEach(Bridge::close);
    }
}
