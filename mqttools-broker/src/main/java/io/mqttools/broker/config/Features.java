package io.mqttools.broker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour that is a choice of the operator rather than a resource limit.
 *
 * @param responseInformation  the prefix sent as Response Information in CONNACK to a client that asks for it
 *                             (Request Response Information 1), or null to send none; the client id is appended
 * @param retainedExpirySweep  how often expired retained messages are removed from the store
 * @param sysInterval          how often the {@code $SYS} topics are updated (mosquitto's {@code sys_interval});
 *                             zero disables them. Kept for the {@code $SYS} publisher.
 * @param retainAvailable      whether retained messages are supported (mosquitto's {@code retain_available});
 *                             when not, CONNACK says Retain Available 0 and a retained PUBLISH or will is refused
 */
public record Features(String responseInformation, Duration retainedExpirySweep, Duration sysInterval,
                       boolean retainAvailable) {
    public static final Features DEFAULTS = new Features(null, Duration.ofSeconds(10), Duration.ofSeconds(10), true);

    public Features {
        Objects.requireNonNull(retainedExpirySweep, "retainedExpirySweep");
        Objects.requireNonNull(sysInterval, "sysInterval");
        if (retainedExpirySweep.isNegative() || retainedExpirySweep.isZero()) {
            throw new IllegalArgumentException("retainedExpirySweep must be positive, not " + retainedExpirySweep);
        }
        if (sysInterval.isNegative()) {
            throw new IllegalArgumentException("sysInterval must not be negative, not " + sysInterval);
        }
    }
}
