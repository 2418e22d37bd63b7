package io.mqttools.broker.security;

import io.mqttools.protocol.Bytes;

/**
 * Decides whether a client may connect, from its CONNECT's client identifier, user name and password.
 * Called once per CONNECT on the connection's event loop, possibly from several loops at once: it must
 * be thread-safe and must not block.
 */
@FunctionalInterface
public interface Authenticator {
    /** Lets every client in (the default). */
    Authenticator ALLOW_ALL = (clientId, username, password) -> true;

    /**
     * @param username null when the CONNECT has none
     * @param password null when the CONNECT has none
     * @return true to accept; false refuses with CONNACK 0x86 Bad User Name or Password (3.1.1 return code 4)
     */
    boolean authenticate(String clientId, String username, Bytes password);
}
