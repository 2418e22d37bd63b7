package io.mqttools.broker;

import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.MetricsConfig;
import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.broker.config.TlsConfig;
import java.util.Objects;

/**
 * The whole, immutable configuration of a broker.
 *
 * @param host   interface to bind ("0.0.0.0" for all)
 * @param port   plain TCP port (0 = ephemeral)
 * @param tls    the TLS listener, or null for none
 * @param limits resource limits
 * @param security    authentication and authorisation
 * @param persistence where sessions and retained messages are kept
 * @param metrics     the $SYS interval and the Prometheus HTTP port
 */
public record BrokerConfig(String host, int port, TlsConfig tls, Limits limits, SecurityConfig security,
                           PersistenceConfig persistence, MetricsConfig metrics) {
    public BrokerConfig {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(persistence, "persistence");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
    }

    /** A configuration with the default {@link MetricsConfig} ($SYS every 10 s, no HTTP listener). */
    public BrokerConfig(String host, int port, TlsConfig tls, Limits limits, SecurityConfig security,
                        PersistenceConfig persistence) {
        this(host, port, tls, limits, security, persistence, MetricsConfig.DEFAULTS);
    }
}
