/** A load tool that runs the same MQTT publishers and subscribers against our broker and mosquitto, side by side. */
package io.mqttools.bench.load;
