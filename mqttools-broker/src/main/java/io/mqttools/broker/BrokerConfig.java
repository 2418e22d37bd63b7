package io.mqttools.broker;

import io.mqttools.broker.config.Features;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.MetricsConfig;
import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.broker.config.SecurityConfig;
import java.util.List;
import java.util.Objects;

/**
 * The whole, immutable configuration of a broker: what {@link Broker#of(BrokerConfig)} needs to run it.
 *
 * @param listeners   where to listen, in order (at least one); {@link RunningBroker#ports()} follows this order
 * @param limits      resource limits
 * @param security    authentication and authorisation
 * @param persistence where sessions and retained messages are kept
 * @param features    operator choices (Response Information, retained-message sweep, retain available)
 * @param metrics     the $SYS interval and the Prometheus HTTP port
 */
public record BrokerConfig(List<Listener> listeners, Limits limits, SecurityConfig security,
                           PersistenceConfig persistence, Features features, MetricsConfig metrics) {
    public BrokerConfig {
        listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(features, "features");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("a broker needs at least one listener");
        }
    }
}
