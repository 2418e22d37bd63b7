package io.mqttools.cli.monitor;

/**
 * Where the monitor's messages come from: the seam between the terminal UI and the MQTT client, so that the
 * UI can be built and tested without a broker. A source connects, subscribes, reconnects by itself after a
 * loss and reports everything to its listener until it is closed.
 */
interface MessageSource extends AutoCloseable {
    /** Starts connecting in the background; returns at once. Called at most once. */
    void start(MonitorListener listener);

    /** Stops reconnecting and disconnects; no listener calls follow its return. */
    @Override
    void close();
}
