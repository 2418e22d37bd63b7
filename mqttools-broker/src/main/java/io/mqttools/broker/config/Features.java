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
 * @param ioThreads            the event loops that own the connections, or 0 for {@link #defaultIoThreads()}
 */
public record Features(String responseInformation, Duration retainedExpirySweep, boolean retainAvailable,
                       boolean connectionMessages, int ioThreads) {
    public static final Features DEFAULTS = new Features(null, Duration.ofSeconds(10), true, true, 0);

    /** Features with the default number of event loops. */
    public Features(String responseInformation, Duration retainedExpirySweep, boolean retainAvailable,
                    boolean connectionMessages) {
        this(responseInformation, retainedExpirySweep, retainAvailable, connectionMessages, 0);
    }

    /** Features with connect and disconnect logged. */
    public Features(String responseInformation, Duration retainedExpirySweep, boolean retainAvailable) {
        this(responseInformation, retainedExpirySweep, retainAvailable, true);
    }

    public Features {
        Objects.requireNonNull(retainedExpirySweep, "retainedExpirySweep");
        if (retainedExpirySweep.isNegative() || retainedExpirySweep.isZero()) {
            throw new IllegalArgumentException("retainedExpirySweep must be positive, not " + retainedExpirySweep);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be 1 or more (0 for the default), not " + ioThreads);
        }
    }

    /** The event loops this configuration asks for: {@link #ioThreads()}, or the default when it is 0. */
    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : defaultIoThreads();
    }

    /**
     * The default number of event loops: Netty's {@code io.netty.eventLoopThreads} property where it is set,
     * else half the processors, at least one. A message whose publisher and subscriber are on different loops
     * waits for the subscriber's loop to wake up (45-55 µs measured, against about 3 µs to decode and route
     * it), and with Netty's own default of two loops per processor almost every pair is on different loops.
     * One loop per two processors keeps that hand-off off a small machine (one loop on two cores), where one
     * loop already carries several times mosquitto's throughput, and still spreads a big machine's load.
     */
    public static int defaultIoThreads() {
        return defaultIoThreads(Integer.getInteger("io.netty.eventLoopThreads", 0),
                Runtime.getRuntime().availableProcessors());
    }

    static int defaultIoThreads(int nettyProperty, int processors) {
        return nettyProperty > 0 ? nettyProperty : Math.max(1, processors / 2);
    }
}
