/** In-process clients of the broker: publish and subscribe through a session of their own, without a socket. */
package io.mqttools.broker.local;
