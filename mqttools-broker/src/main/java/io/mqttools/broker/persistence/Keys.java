package io.mqttools.broker.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key layout, one keyspace ordered bytewise (see docs/persistence.md):
 * <pre>
 * V                                   format version
 * S clientId                          session: incarnation, expiry interval, disconnect time
 * P len16 clientId incarnation64 k …  the state of one incarnation of a session, k being
 *       q seq64                       a queued (or in-flight) QoS 1/2 delivery
 *       i packetId16                  an in-flight one: its seq, PUBREL sent, send order
 *       a packetId16                  a QoS 2 id from the client awaiting PUBREL
 *       b topicFilter                 a subscription
 *       w                             a delayed will
 * R topic                             a retained message
 * </pre>
 * Every key of one incarnation shares its prefix, so ending a session is one range delete, and a write
 * that arrives after that (from another thread's batch) names a dead incarnation and is dropped on load.
 */
final class Keys {
    static final byte VERSION = 'V';
    static final byte SESSION = 'S';
    static final byte STATE = 'P';
    static final byte RETAINED = 'R';

    static final byte QUEUED = 'q';
    static final byte INFLIGHT = 'i';
    static final byte AWAITING = 'a';
    static final byte SUBSCRIPTION = 'b';
    static final byte WILL = 'w';

    private Keys() {
    }

    static byte[] version() {
        return new byte[] {VERSION};
    }

    static byte[] session(String clientId) {
        return prefixed(SESSION, clientId.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] retained(String topic) {
        return prefixed(RETAINED, topic.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] prefixed(byte type, byte[] rest) {
        byte[] k = new byte[rest.length + 1];
        k[0] = type;
        System.arraycopy(rest, 0, k, 1, rest.length);
        return k;
    }

    /** The prefix of every state key of one incarnation of a session. */
    static byte[] state(String clientId, long incarnation) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 2 + id.length + 8).put(STATE).putShort((short) id.length).put(id)
                .putLong(incarnation).array();
    }

    /** A state key: the incarnation's prefix, the kind, then {@code rest}. */
    static byte[] state(byte[] prefix, byte kind, byte[] rest) {
        byte[] k = new byte[prefix.length + 1 + rest.length];
        System.arraycopy(prefix, 0, k, 0, prefix.length);
        k[prefix.length] = kind;
        System.arraycopy(rest, 0, k, prefix.length + 1, rest.length);
        return k;
    }

    static byte[] state(byte[] prefix, byte kind, long seq) {
        return state(prefix, kind, ByteBuffer.allocate(8).putLong(seq).array());
    }

    static byte[] state(byte[] prefix, byte kind, int packetId) {
        return state(prefix, kind, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** True when {@code key} starts with {@code prefix}. */
    static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first key after every key that starts with {@code prefix} (for range deletes). */
    static byte[] after(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (++end[i] != 0) {
                return end;
            }
        }
        throw new IllegalArgumentException("no key follows an all-0xFF prefix");
    }

    static String utf8(byte[] key, int from, int to) {
        return new String(key, from, to - from, StandardCharsets.UTF_8);
    }
}
