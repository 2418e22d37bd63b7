/** Integration tests of the client library and the publish/subscribe commands against real brokers. */
package io.mqttools.it.client;
