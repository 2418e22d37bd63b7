package io.mqttools.broker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the broker reports on itself: the $SYS topics and the Prometheus endpoint. mosquitto.conf's
 * {@code sys_interval} maps to {@link #sysInterval} (seconds).
 *
 * @param sysInterval how often the $SYS topics are published; zero publishes none (mosquitto's default: 10 s)
 * @param httpPort    the HTTP port serving {@code /metrics}: {@link #HTTP_OFF} for none, 0 for an ephemeral one
 */
public record MetricsConfig(Duration sysInterval, int httpPort) {
    /** No HTTP listener. */
    public static final int HTTP_OFF = -1;
    public static final MetricsConfig DEFAULTS = new MetricsConfig(Duration.ofSeconds(10), HTTP_OFF);

    public MetricsConfig {
        Objects.requireNonNull(sysInterval, "sysInterval");
        if (sysInterval.isNegative()) {
            throw new IllegalArgumentException("sys interval must be 0 (off) or positive, not " + sysInterval);
        }
        if (httpPort < HTTP_OFF || httpPort > 65_535) {
            throw new IllegalArgumentException("HTTP port must be 0..65535, not " + httpPort);
        }
    }

    /** Whether the $SYS topics are published. */
    public boolean sysEnabled() {
        return !sysInterval.isZero();
    }

    public boolean httpEnabled() {
        return httpPort != HTTP_OFF;
    }
}
