/** Encoding and decoding of MQTT packets; sub-packages v311 and v5 hold the only version-aware code. */
package io.mqttools.protocol.codec;
