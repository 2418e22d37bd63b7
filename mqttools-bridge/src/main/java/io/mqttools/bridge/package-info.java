/**
 * mosquitto-style bridges: each {@code connection} block of mosquitto.conf runs as a client of the remote
 * broker and a {@link io.mqttools.broker.local.LocalClient} of this one, forwarding by its topic lines.
 */
package io.mqttools.bridge;
