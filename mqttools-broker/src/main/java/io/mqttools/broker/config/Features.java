package io.mqttools.broker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Behaviour that is a choice of the operator rather than a resource limit.
 *
 * @param responseInformation  the prefix sent as Response Information in CONNACK to a client that asks for it
 *                             (Request Response Information 1), or null to send none; the client id is appended
 * @param retainedExpirySweep  how often expired retained messages are removed from the store
 * @param retainAvailable      whether retained messages are supported (mosquitto's {@code retain_available});
 *                             when not, CONNACK says Retain Available 0 and a retained PUBLISH or will is refused
 * @param connectionMessages   whether each connect and disconnect is logged at info (mosquitto's
 *                             {@code connection_messages}); off spares a busy broker the formatting
 */
public record Features(String responseInformation, Duration retainedExpirySweep, boolean retainAvailable,
                       boolean connectionMessages) {
    public static final Features DEFAULTS = new Features(null, Duration.ofSeconds(10), true, true);

    /** Features with connect and disconnect logged. */
    public Features(String responseInformation, Duration retainedExpirySweep, boolean retainAvailable) {
        this(responseInformation, retainedExpirySweep, retainAvailable, true);
    }

    public Features {
        Objects.requireNonNull(retainedExpirySweep, "retainedExpirySweep");
        if (retainedExpirySweep.isNegative() || retainedExpirySweep.isZero()) {
            throw new IllegalArgumentException("retainedExpirySweep must be positive, not " + retainedExpirySweep);
        }
    }
}
