package io.mqttools.client.internal;

import io.mqttools.protocol.auth.ScramSha256;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The client side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) in MQTT 5 enhanced authentication:
 * the client-first-message goes in the CONNECT (or AUTH 0x19), {@link #clientFinal} answers the broker's
 * AUTH 0x18, {@link #verifyServerFinal} checks the CONNACK's (or AUTH 0x00's) server signature, so that
 * the client also knows the broker holds its credential. No channel binding (GS2 header {@code n,,});
 * the password is taken as UTF-8 without SASLprep. Confined to the client's event loop.
 */
final class ScramClient {
    static final String METHOD = "SCRAM-SHA-256";

    private final String password;
    private final String clientFirstBare;
    private final String clientNonce;
    private byte[] serverSignature;

    ScramClient(String user, String password, SecureRandom random) {
        this.password = password;
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    /** For the RFC's test vector. */
    ScramClient(String user, String password, String clientNonce) {
        this.password = password;
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    Bytes clientFirst() {
        return Bytes.utf8("n,," + clientFirstBare);
    }

    /**
     * The client-final-message answering the server-first-message.
     *
     * @throws IllegalArgumentException when the server-first-message is malformed, does not extend our
     *                                  nonce, or asks for fewer than 4096 iterations (RFC 7677 section 4)
     */
    Bytes clientFinal(Bytes serverFirstData) {
        if (serverFirstData == null) {
            throw new IllegalArgumentException("the broker's SCRAM challenge has no Authentication Data");
        }
        String serverFirst = serverFirstData.asUtf8();
        String[] attrs = serverFirst.split(",", -1);
        if (attrs.length < 3 || !attrs[0].startsWith("r=") || !attrs[1].startsWith("s=") || !attrs[2].startsWith("i=")) {
            throw new IllegalArgumentException("malformed SCRAM server-first-message");
        }
        String nonce = attrs[0].substring(2);
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new IllegalArgumentException("the broker's SCRAM nonce does not extend the client's");
        }
        byte[] salt;
        int iterations;
        try {
            salt = Base64.getDecoder().decode(attrs[1].substring(2));
            iterations = Integer.parseInt(attrs[2].substring(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed SCRAM server-first-message");
        }
        if (iterations < 4096) {
            throw new IllegalArgumentException("the broker asks for " + iterations + " SCRAM iterations, fewer than 4096");
        }
        byte[] salted = ScramSha256.hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = ScramSha256.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = ScramSha256.hmac(ScramSha256.sha256(clientKey), authMessage);
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] ^= signature[i];
        }
        serverSignature = ScramSha256.hmac(ScramSha256.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)), authMessage);
        return Bytes.utf8(withoutProof + ",p=" + Base64.getEncoder().encodeToString(clientKey));
    }

    /** Whether the server-final-message carries the signature only a holder of our ServerKey can make. */
    boolean verifyServerFinal(Bytes serverFinalData) {
        if (serverSignature == null || serverFinalData == null) {
            return false;
        }
        String text = serverFinalData.asUtf8();
        if (!text.startsWith("v=")) {
            return false;
        }
        try {
            return MessageDigest.isEqual(Base64.getDecoder().decode(text.substring(2).split(",", 2)[0]), serverSignature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The AUTH 0x18 answering the broker's challenge.
     *
     * @throws IllegalArgumentException when the AUTH is not a SCRAM-SHA-256 challenge this exchange
     *                                  expects, or its server-first-message is unacceptable
     */
    Auth answer(Auth challenge) {
        if (challenge.reasonCode() != ReasonCode.CONTINUE_AUTHENTICATION || answered()
                || !METHOD.equals(challenge.properties().getString(PropertyId.AUTHENTICATION_METHOD))) {
            throw new IllegalArgumentException("unexpected AUTH " + challenge.reasonCode() + " from the broker during "
                    + METHOD);
        }
        Bytes clientFinal = clientFinal(challenge.properties().getBytes(PropertyId.AUTHENTICATION_DATA));
        return new Auth(ReasonCode.CONTINUE_AUTHENTICATION, Properties.builder()
                .set(PropertyId.AUTHENTICATION_METHOD, METHOD).set(PropertyId.AUTHENTICATION_DATA, clientFinal).build());
    }

    /** AUTH 0x19 Re-authenticate with the client-first-message, which starts this exchange on a live connection. */
    Auth reauthenticate() {
        return new Auth(ReasonCode.RE_AUTHENTICATE, Properties.builder().set(PropertyId.AUTHENTICATION_METHOD, METHOD)
                .set(PropertyId.AUTHENTICATION_DATA, clientFirst()).build());
    }

    /** Whether the broker's AUTH 0x00 ending a re-authentication carries the server signature. */
    boolean verifies(Auth success) {
        return success.reasonCode() == ReasonCode.SUCCESS
                && METHOD.equals(success.properties().getString(PropertyId.AUTHENTICATION_METHOD)) && answered()
                && verifyServerFinal(success.properties().getBytes(PropertyId.AUTHENTICATION_DATA));
    }

    /** Whether a successful CONNACK names the method and carries the server signature that proves the broker. */
    boolean verifies(ConnAck connAck) {
        return METHOD.equals(connAck.properties().getString(PropertyId.AUTHENTICATION_METHOD)) && answered()
                && verifyServerFinal(connAck.properties().getBytes(PropertyId.AUTHENTICATION_DATA));
    }

    /** Whether the client-final-message has been sent (a CONNACK before it proves nothing). */
    boolean answered() {
        return serverSignature != null;
    }
}
