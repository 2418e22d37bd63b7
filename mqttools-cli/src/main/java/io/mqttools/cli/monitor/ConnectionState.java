package io.mqttools.cli.monitor;

/** Where the monitor's connection to the broker stands, as shown in its title bar. */
enum ConnectionState {
    /** Connecting for the first time or again after a loss. */
    CONNECTING("connecting"),
    /** Connected and subscribed. */
    CONNECTED("connected"),
    /** Lost or refused; the source keeps trying unless it was closed. */
    DISCONNECTED("disconnected");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    /** The lower-case word shown on screen. */
    String label() {
        return label;
    }
}
