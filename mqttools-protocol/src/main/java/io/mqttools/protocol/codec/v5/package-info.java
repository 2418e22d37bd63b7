/** The MQTT 5.0 wire format: properties, reason codes on every acknowledgement, AUTH. */
package io.mqttools.protocol.codec.v5;
