package io.mqttools.broker.security;

import io.mqttools.protocol.Bytes;
import java.util.Objects;

/**
 * The broker's answer at one step of an enhanced authentication exchange.
 *
 * @param outcome    whether the exchange goes on, succeeded or failed
 * @param serverData Authentication Data to send with it, or null for none (never sent with a failure)
 * @param reason     for a failure, why (logged, and sent as the Reason String when the client asks for
 *                   problem information); null for the broker's generic wording. Never a secret.
 */
public record AuthStep(Outcome outcome, Bytes serverData, String reason) {
    /** Where an exchange stands after a step. */
    public enum Outcome { CONTINUE, SUCCESS, FAILURE }

    public AuthStep {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.FAILURE && serverData != null) {
            throw new IllegalArgumentException("a failure carries no authentication data");
        }
        if (outcome != Outcome.FAILURE && reason != null) {
            throw new IllegalArgumentException("only a failure carries a reason");
        }
    }

    public AuthStep(Outcome outcome, Bytes serverData) {
        this(outcome, serverData, null);
    }

    /** Another round: the data goes to the client in AUTH 0x18 Continue authentication. */
    public static AuthStep challenge(Bytes serverData) {
        return new AuthStep(Outcome.CONTINUE, Objects.requireNonNull(serverData, "serverData"));
    }

    /** The client is authenticated; {@code serverData} (may be null) goes in the CONNACK or AUTH 0x00. */
    public static AuthStep success(Bytes serverData) {
        return new AuthStep(Outcome.SUCCESS, serverData);
    }

    public static AuthStep failure() {
        return new AuthStep(Outcome.FAILURE, null);
    }

    /** A failure that says why (a malformed message, say); the refusal's code stays 0x87 Not authorized. */
    public static AuthStep failure(String reason) {
        return new AuthStep(Outcome.FAILURE, null, Objects.requireNonNull(reason, "reason"));
    }
}
