/** One connection per channel: handshake, keep alive, publish flows, subscriptions; the only code that writes to channels. */
package io.mqttools.broker.connection;
