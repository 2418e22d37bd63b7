package io.mqttools.broker.security;

import io.mqttools.protocol.Bytes;
import java.util.Objects;

/**
 * The broker's answer at one step of an enhanced authentication exchange.
 *
 * @param outcome    whether the exchange goes on, succeeded or failed
 * @param serverData Authentication Data to send with it, or null for none (never sent with a failure)
 */
public record AuthStep(Outcome outcome, Bytes serverData) {
    /** Where an exchange stands after a step. */
    public enum Outcome { CONTINUE, SUCCESS, FAILURE }

    public AuthStep {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.FAILURE && serverData != null) {
            throw new IllegalArgumentException("a failure carries no authentication data");
        }
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
}
