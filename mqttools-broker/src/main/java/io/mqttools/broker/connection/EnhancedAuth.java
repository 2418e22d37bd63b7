package io.mqttools.broker.connection;

import io.mqttools.broker.security.AuthExchange;
import io.mqttools.broker.security.AuthStep;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhanced authentication state of one 5.0 connection (4.12): the method it authenticated with,
 * the exchange in progress (at CONNECT or a re-authentication), and the data for the success packet.
 * Confined to the event loop.
 */
final class EnhancedAuth {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancedAuth.class);

    /** What the handler does next. */
    enum Next {
        /** The exchange goes on (or a re-authentication ended well): nothing to do. */
        WAIT,
        /** The CONNECT's exchange succeeded: claim the session and send the CONNACK. */
        AUTHENTICATED,
        /** The connection is being closed (CONNACK or DISCONNECT written). */
        ENDED
    }

    private final Connection conn;
    private Connect connect;
    private String method;
    private String username;
    private AuthExchange exchange;
    private Bytes successData;

    EnhancedAuth(Connection conn) {
        this.conn = conn;
    }

    /**
     * Starts the exchange for a CONNECT with an Authentication Method.
     *
     * @return false when the authenticator does not support the method
     */
    boolean begin(String clientId, String user, String authMethod) {
        exchange = conn.services.authenticator().startExchange(clientId, user, authMethod);
        if (exchange == null) {
            return false;
        }
        method = authMethod;
        username = user;
        return true;
    }

    /** True once a CONNECT named a method this connection authenticates with. */
    boolean enabled() {
        return method != null;
    }

    boolean inProgress() {
        return exchange != null;
    }

    /** The first step, with the CONNECT's Authentication Data; the exchange was begun by the handshake. */
    Next onConnect(Connect c) {
        connect = c;
        return apply(step(c.properties().getBytes(PropertyId.AUTHENTICATION_DATA)), false);
    }

    /** An AUTH from the client, before the CONNACK ({@code connected} false) or after. */
    Next onAuth(Auth a, boolean connected) {
        String problem = problem(a, connected);
        if (problem != null) {
            return end(connected, ReasonCode.PROTOCOL_ERROR, problem);
        }
        if (a.reasonCode() == ReasonCode.RE_AUTHENTICATE && !restart()) {
            return end(true, ReasonCode.BAD_AUTHENTICATION_METHOD, "re-authentication method no longer supported");
        }
        return apply(step(a.properties().getBytes(PropertyId.AUTHENTICATION_DATA)), connected);
    }

    /** Refuses the CONNECT whose exchange is running: CONNACK with the code, then close. */
    Next refuse(ReasonCode code, String why) {
        LOG.info("{}: CONNECT refused: {} ({})", conn.describe(), code.description(), why);
        conn.write(Handshake.refusal(connect, new Handshake.Outcome(code, why, false, 0, 0)));
        conn.close();
        return Next.ENDED;
    }

    private Next end(boolean connected, ReasonCode code, String why) {
        if (!connected) {
            return refuse(code, why);
        }
        conn.disconnect(code, why);
        return Next.ENDED;
    }

    private Next apply(AuthStep step, boolean connected) {
        switch (step.outcome()) {
            case CONTINUE -> {
                conn.write(authPacket(step));
                return Next.WAIT;
            }
            case SUCCESS -> {
                if (!connected) {
                    return Next.AUTHENTICATED;
                }
                conn.write(authPacket(step)); // re-authenticated: AUTH 0x00
                return Next.WAIT;
            }
            default -> {
                String why = connected ? "re-authentication failed" : "enhanced authentication failed";
                return end(connected, ReasonCode.NOT_AUTHORIZED, step.reason() == null ? why : why + ": " + step.reason());
            }
        }
    }

    /** Runs one step of the exchange in progress with the client's data. */
    private AuthStep step(Bytes clientData) {
        AuthStep step = exchange.respond(clientData);
        if (step.outcome() != AuthStep.Outcome.CONTINUE) {
            exchange = null;
            successData = step.serverData();
        }
        return step;
    }

    /**
     * Checks an AUTH from the client: null when it may go on, else why it is a protocol error (a method
     * other than the CONNECT's [MQTT-4.12.0-5] [MQTT-4.12.1-1], 0x18 with no exchange, 0x19 during one or before CONNACK).
     */
    private String problem(Auth auth, boolean connected) {
        if (!enabled()) {
            return "AUTH without an Authentication Method in CONNECT";
        }
        if (!method.equals(auth.properties().getString(PropertyId.AUTHENTICATION_METHOD))) {
            return "AUTH with another Authentication Method";
        }
        if (auth.reasonCode() == ReasonCode.CONTINUE_AUTHENTICATION) {
            return inProgress() ? null : "AUTH 0x18 with no exchange in progress";
        }
        if (auth.reasonCode() == ReasonCode.RE_AUTHENTICATE) {
            return connected && !inProgress() ? null : "AUTH 0x19 before CONNACK or during an exchange";
        }
        return "AUTH " + auth.reasonCode().description() + " from a client";
    }

    /** Starts a re-authentication (AUTH 0x19): false when the authenticator no longer runs the method. */
    private boolean restart() {
        exchange = conn.services.authenticator().startExchange(conn.clientId, username, method);
        return exchange != null;
    }

    /** The AUTH packet for a step that continues or (re-authentication) succeeds. */
    private Auth authPacket(AuthStep step) {
        ReasonCode code = step.outcome() == AuthStep.Outcome.CONTINUE ? ReasonCode.CONTINUE_AUTHENTICATION
                : ReasonCode.SUCCESS;
        return new Auth(code, properties(step.serverData()));
    }

    /**
     * Authentication Method and Data for the CONNACK of a connection that authenticated this way
     * ([MQTT-4.12.0-5]); nothing for one that did not ([MQTT-4.12.0-6]).
     */
    void addToConnAck(Properties.Builder b) {
        if (enabled()) {
            b.set(PropertyId.AUTHENTICATION_METHOD, method);
            if (successData != null) {
                b.set(PropertyId.AUTHENTICATION_DATA, successData);
            }
        }
    }

    private Properties properties(Bytes data) {
        Properties.Builder b = Properties.builder().set(PropertyId.AUTHENTICATION_METHOD, method);
        if (data != null) {
            b.set(PropertyId.AUTHENTICATION_DATA, data);
        }
        return b.build();
    }
}
