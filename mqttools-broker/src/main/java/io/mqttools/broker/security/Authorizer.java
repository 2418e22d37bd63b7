package io.mqttools.broker.security;

/**
 * Decides what a connected client may do with topics: publish (and leave a will), subscribe, and receive
 * each message ({@link #canRead}, asked per delivery as mosquitto does, so that a message on a topic the
 * client may not read is not sent even if its filter matches). Called on the connections' event loops,
 * possibly from several at once: it must be thread-safe and must not block.
 */
public interface Authorizer {
    /** Allows everything; the broker skips the per-delivery check altogether with it. */
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean canPublish(String clientId, String username, String topic) {
            return true;
        }

        @Override
        public boolean canSubscribe(String clientId, String username, String filter) {
            return true;
        }

        @Override
        public boolean canRead(String clientId, String username, String topic) {
            return true;
        }
    };

    /**
     * @param username null for a client without one
     * @param topic    the topic name, aliases resolved
     * @return false refuses: PUBACK/PUBREC 0x87 Not authorized in 5.0, a silent drop in 3.1.1 (still
     *         acknowledged) and for QoS 0; a will is dropped
     */
    boolean canPublish(String clientId, String username, String topic);

    /**
     * @param filter the topic filter without any {@code $share/group/} prefix
     * @return false refuses it in the SUBACK: 0x87 Not authorized in 5.0, 0x80 Failure in 3.1.1
     */
    boolean canSubscribe(String clientId, String username, String filter);

    /** Whether a message on topic name {@code topic} may be delivered to the client. */
    boolean canRead(String clientId, String username, String topic);

    /**
     * A number that changes whenever the rules change (a reload), so that a caller that caches answers
     * knows to forget them. Constant by default.
     */
    default long generation() {
        return 0;
    }
}
