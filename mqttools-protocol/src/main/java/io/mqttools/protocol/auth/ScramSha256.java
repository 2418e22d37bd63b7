package io.mqttools.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of SCRAM-SHA-256 (RFC 5802 section 2.2 with SHA-256, RFC 7677), the MQTT 5 enhanced
 * authentication method both sides speak: the broker's exchange and the client's. Stateless.
 */
public final class ScramSha256 {
    /** The Authentication Method name (RFC 7677's SASL mechanism name). */
    public static final String METHOD = "SCRAM-SHA-256";
    /** RFC 7677 section 4: at least 4096 iterations. */
    public static final int DEFAULT_ITERATIONS = 4096;
    public static final int SALT_LENGTH = 16;
    public static final int KEY_LENGTH = 32;

    private ScramSha256() {
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256")); // see hi()
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    public static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Hi(password, salt, i): PBKDF2-HMAC-SHA256 with one 32-byte block (RFC 5802 section 2.2). */
    public static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key is legal in HMAC but SecretKeySpec refuses it; a one-zero-byte key is equivalent
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    public static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }
}
