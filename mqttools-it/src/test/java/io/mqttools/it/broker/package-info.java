/** Integration tests of the broker against real third-party MQTT clients, processes and raw sockets. */
package io.mqttools.it.broker;
