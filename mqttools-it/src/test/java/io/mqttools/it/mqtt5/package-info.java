/** MQTT 5 features of the broker (issue #4) exercised with third-party MQTT 5 clients in-process. */
package io.mqttools.it.mqtt5;
