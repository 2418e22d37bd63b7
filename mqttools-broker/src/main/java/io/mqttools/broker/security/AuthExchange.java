package io.mqttools.broker.security;

import io.mqttools.protocol.Bytes;

/**
 * One MQTT 5 enhanced authentication exchange of one connection (4.12): the broker passes each piece
 * of the client's Authentication Data in and sends the answer out. Used on the connection's event loop
 * only; it must not block.
 */
@FunctionalInterface
public interface AuthExchange {
    /**
     * @param clientData the Authentication Data of the CONNECT or AUTH, or null when it had none
     * @return a challenge to send in AUTH 0x18, success (CONNACK 0x00 or, on re-authentication, AUTH
     *         0x00), or failure (CONNACK 0x87, or DISCONNECT 0x87 on re-authentication)
     */
    AuthStep respond(Bytes clientData);
}
