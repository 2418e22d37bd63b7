package io.mqttools.broker.config;

/**
 * Resource limits of the broker, each with a default in {@link #DEFAULTS}.
 *
 * @param maxConnections           open network connections at once; further CONNECTs get Server Busy / unavailable
 * @param maxPacketSize            largest packet accepted from a client, in bytes (advertised as Maximum Packet Size)
 * @param receiveMaximum           unacknowledged QoS 2 PUBLISHes accepted from one client (advertised as Receive Maximum)
 * @param maxInflight              unacknowledged QoS 1/2 PUBLISHes the broker sends one client (also bounded by the client's Receive Maximum)
 * @param maxQueuedMessages        messages waiting per session beyond those in flight; see {@code SessionQueue}
 * @param serverKeepAlive          largest keep alive allowed in seconds, sent as Server Keep Alive in 5.0; 0 = no maximum
 * @param maxSessionExpiryInterval largest Session Expiry Interval granted, in seconds (0xFFFFFFFF = never expire)
 * @param topicAliasMaximum        inbound topic aliases accepted per 5.0 connection; 0 disables them
 * @param maxTopicLength           longest topic name or filter, in UTF-16 chars
 * @param maxTopicLevels           most levels in a topic name or filter
 * @param maxQueuedBytes           payload bytes waiting per session beyond those in flight, 0 = no bound; the
 *                                 queue is full at whichever of this and {@code maxQueuedMessages} comes first
 */
public record Limits(int maxConnections, int maxPacketSize, int receiveMaximum, int maxInflight, int maxQueuedMessages,
                     int serverKeepAlive, long maxSessionExpiryInterval, int topicAliasMaximum, int maxTopicLength,
                     int maxTopicLevels, long maxQueuedBytes) {
    /** Session Expiry Interval meaning "never". */
    public static final long NEVER_EXPIRE = 0xFFFFFFFFL;

    /** Default byte bound per session, 8 MiB: see docs/reliability.md for why. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 8L << 20;

    public static final Limits DEFAULTS = new Limits(100_000, 1 << 20, 1024, 256, 10_000, 0, NEVER_EXPIRE, 64,
            65_535, 128, DEFAULT_MAX_QUEUED_BYTES);

    /** The limits with the default {@link #DEFAULT_MAX_QUEUED_BYTES byte bound} on session queues. */
    public Limits(int maxConnections, int maxPacketSize, int receiveMaximum, int maxInflight, int maxQueuedMessages,
                  int serverKeepAlive, long maxSessionExpiryInterval, int topicAliasMaximum, int maxTopicLength,
                  int maxTopicLevels) {
        this(maxConnections, maxPacketSize, receiveMaximum, maxInflight, maxQueuedMessages, serverKeepAlive,
                maxSessionExpiryInterval, topicAliasMaximum, maxTopicLength, maxTopicLevels,
                DEFAULT_MAX_QUEUED_BYTES);
    }

    public Limits {
        positive("maxConnections", maxConnections);
        if (maxPacketSize < 16 || maxPacketSize > 268_435_460) {
            throw new IllegalArgumentException("maxPacketSize must be 16..268435460, not " + maxPacketSize);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum must be 1..65535, not " + receiveMaximum);
        }
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535, not " + maxInflight);
        }
        positive("maxQueuedMessages", maxQueuedMessages);
        if (serverKeepAlive < 0 || serverKeepAlive > 65_535) {
            throw new IllegalArgumentException("serverKeepAlive must be 0..65535, not " + serverKeepAlive);
        }
        if (maxSessionExpiryInterval < 0 || maxSessionExpiryInterval > NEVER_EXPIRE) {
            throw new IllegalArgumentException("maxSessionExpiryInterval must be 0..4294967295");
        }
        if (topicAliasMaximum < 0 || topicAliasMaximum > 65_535) {
            throw new IllegalArgumentException("topicAliasMaximum must be 0..65535, not " + topicAliasMaximum);
        }
        if (maxTopicLength < 1 || maxTopicLength > 65_535) {
            throw new IllegalArgumentException("maxTopicLength must be 1..65535, not " + maxTopicLength);
        }
        positive("maxTopicLevels", maxTopicLevels);
        if (maxQueuedBytes < 0) {
            throw new IllegalArgumentException("maxQueuedBytes must not be negative, not " + maxQueuedBytes);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }
}
