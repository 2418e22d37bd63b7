/** Bridges (mosquitto.conf connection blocks) between the mqttools broker and a real mosquitto. */
package io.mqttools.it.bridge;
