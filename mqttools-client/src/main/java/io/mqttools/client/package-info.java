/** The mqttools MQTT 5.0 / 3.1.1 client library: {@link io.mqttools.client.Client} and what it exchanges. */
package io.mqttools.client;
