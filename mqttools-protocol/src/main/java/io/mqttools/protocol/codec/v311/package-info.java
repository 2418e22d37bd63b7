/** The MQTT 3.1.1 and 3.1 wire format, mapping its return codes onto the MQTT 5 packet model. */
package io.mqttools.protocol.codec.v311;
