/** Netty bootstrap: event loops (epoll where available), listeners, TLS and the channel pipeline. */
package io.mqttools.broker.transport;
