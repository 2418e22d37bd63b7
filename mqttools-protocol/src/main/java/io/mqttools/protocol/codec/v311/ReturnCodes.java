package io.mqttools.protocol.codec.v311;

import io.mqttools.protocol.ReasonCode;

/**
 * Maps MQTT 3.1.1 CONNACK and SUBACK return codes to MQTT 5 reason codes and back.
 *
 * <p>Decoding: CONNACK 0 Success, 1 Unsupported Protocol Version, 2 Client Identifier not valid,
 * 3 Server unavailable, 4 Bad User Name or Password, 5 Not authorized; SUBACK 0-2 Granted QoS 0-2,
 * 0x80 (Failure) Unspecified error.
 *
 * <p>Encoding a reason code 3.1.1 lacks picks the nearest return code:
 * <ul>
 *   <li>CONNACK 4 (bad user name or password) for Bad authentication method;</li>
 *   <li>CONNACK 5 (not authorized) for refusals of what the client asked for: Banned, Topic Name invalid,
 *       Payload format invalid, Retain not supported, QoS not supported;</li>
 *   <li>CONNACK 3 (server unavailable) for every other error: Server busy, Use another server, Server
 *       moved, Connection rate exceeded, Quota exceeded, Packet too large, Unspecified, Malformed
 *       Packet, Protocol Error, Implementation specific error;</li>
 *   <li>SUBACK 0x80 (Failure) for every SUBACK error code.</li>
 * </ul>
 * 3.1.1 PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK and DISCONNECT carry no code, so theirs are dropped.
 */
public final class ReturnCodes {
    /** The SUBACK failure return code. */
    public static final int SUBACK_FAILURE = 0x80;

    private ReturnCodes() {
    }

    /** The reason code for a CONNACK return code, or null for a value 3.1.1 does not define. */
    public static ReasonCode connAckReason(int returnCode) {
        return switch (returnCode) {
            case 0 -> ReasonCode.SUCCESS;
            case 1 -> ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
            case 2 -> ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case 3 -> ReasonCode.SERVER_UNAVAILABLE;
            case 4 -> ReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case 5 -> ReasonCode.NOT_AUTHORIZED;
            default -> null;
        };
    }

    /** The CONNACK return code for a reason code: exact where 3.1.1 has one, else the nearest. */
    public static int connAckReturnCode(ReasonCode reasonCode) {
        return switch (reasonCode) {
            case SUCCESS -> 0;
            case UNSUPPORTED_PROTOCOL_VERSION -> 1;
            case CLIENT_IDENTIFIER_NOT_VALID -> 2;
            case BAD_USER_NAME_OR_PASSWORD, BAD_AUTHENTICATION_METHOD -> 4;
            case NOT_AUTHORIZED, BANNED, TOPIC_NAME_INVALID, PAYLOAD_FORMAT_INVALID, RETAIN_NOT_SUPPORTED,
                    QOS_NOT_SUPPORTED -> 5;
            default -> 3;
        };
    }

    /** The reason code for a SUBACK return code, or null for a value 3.1.1 does not define. */
    public static ReasonCode subAckReason(int returnCode) {
        return switch (returnCode) {
            case 0 -> ReasonCode.GRANTED_QOS_0;
            case 1 -> ReasonCode.GRANTED_QOS_1;
            case 2 -> ReasonCode.GRANTED_QOS_2;
            case SUBACK_FAILURE -> ReasonCode.UNSPECIFIED_ERROR;
            default -> null;
        };
    }

    /** The SUBACK return code: the granted QoS, or 0x80 (Failure) for any error code. */
    public static int subAckReturnCode(ReasonCode reasonCode) {
        return switch (reasonCode) {
            case GRANTED_QOS_0 -> 0;
            case GRANTED_QOS_1 -> 1;
            case GRANTED_QOS_2 -> 2;
            default -> SUBACK_FAILURE;
        };
    }
}
