/** Immutable MQTT control packets: the MQTT 5 superset, with 3.1.1 packets leaving v5 fields empty. */
package io.mqttools.protocol.packet;
