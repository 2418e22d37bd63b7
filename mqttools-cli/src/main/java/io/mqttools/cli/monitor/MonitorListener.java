package io.mqttools.cli.monitor;

/**
 * What a {@link MessageSource} reports to the monitor. Implementations are called from the source's own
 * thread(s) and must be thread-safe and cheap: they sit on the message path.
 */
interface MonitorListener {
    /**
     * A message arrived.
     *
     * @param topic the topic name it was published to
     * @param payload its payload; the listener may keep the array, so the caller must not change it afterwards
     * @param timeMillis when it arrived, in milliseconds since the epoch
     */
    void onMessage(String topic, byte[] payload, long timeMillis);

    /**
     * The connection changed state.
     *
     * @param state the new state
     * @param detail a short human-readable reason or target (may be empty, never null)
     */
    void onConnectionState(ConnectionState state, String detail);
}
