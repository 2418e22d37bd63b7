package io.mqttools.broker.security;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ReasonCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may connect. The simple form checks the CONNECT's client identifier, user
 * name and password; an implementation may also run MQTT 5 enhanced authentication (a challenge and
 * response over AUTH packets) by overriding {@link #startExchange}. Called on the connection's event
 * loop, possibly from several loops at once: it must be thread-safe and must not block; a check that
 * takes long (a costly password hash, a remote lookup) overrides {@link #check} and answers later.
 */
@FunctionalInterface
public interface Authenticator {
    /** Lets every client in (the default), and supports no enhanced authentication method. */
    Authenticator ALLOW_ALL = (clientId, username, password) -> true;

    /**
     * The check for a CONNECT without an Authentication Method.
     *
     * @param username null when the CONNECT has none
     * @param password null when the CONNECT has none
     * @return true to accept; false refuses with CONNACK 0x86 Bad User Name or Password (3.1.1 return code 4)
     */
    boolean authenticate(String clientId, String username, Bytes password);

    /**
     * The check as the broker makes it for a CONNECT without an Authentication Method. The answer may
     * come later and on another thread, so that a slow check (a costly password hash) leaves the event
     * loop free; the broker reads nothing more from the connection meanwhile. The default answers at
     * once from {@link #authenticate}.
     *
     * @return a stage completing with {@link ReasonCode#SUCCESS} to accept, or with the CONNACK code
     *         refusing the client (0x86 Bad User Name or Password, 0x87 Not authorized, ...)
     */
    default CompletionStage<ReasonCode> check(String clientId, String username, Bytes password) {
        return CompletableFuture.completedFuture(authenticate(clientId, username, password)
                ? ReasonCode.SUCCESS : ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    /**
     * Starts an enhanced authentication exchange, for a 5.0 CONNECT with an Authentication Method or
     * for a re-authentication (AUTH 0x19) on a connection that authenticated with it. The simple check
     * {@link #authenticate} is not made for such a CONNECT: the exchange decides.
     *
     * @param username null when the CONNECT has none
     * @return the exchange, confined to the connection's event loop from then on; or null when this
     *         authenticator does not support the method (CONNACK 0x8C Bad authentication method). The
     *         default supports none.
     */
    default AuthExchange startExchange(String clientId, String username, String method) {
        return null;
    }
}
