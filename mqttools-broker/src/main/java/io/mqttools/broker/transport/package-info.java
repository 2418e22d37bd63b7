/** Netty bootstrap: event loops (epoll where available), listeners (TCP, TLS, WebSocket, secure WebSocket) and their channel pipelines. */
package io.mqttools.broker.transport;
