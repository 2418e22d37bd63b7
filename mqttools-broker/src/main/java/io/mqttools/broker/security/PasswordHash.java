package io.mqttools.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One password hash as mosquitto_passwd writes it: {@code $7$iterations$salt$hash} (PBKDF2-HMAC-SHA512,
 * mosquitto 2's default) or {@code $6$salt$hash} (SHA-512 of the password followed by the salt, mosquitto
 * 1.6's), salt and hash in standard Base64. Immutable and thread-safe.
 *
 * @param iterations PBKDF2 iterations, or 0 for a {@code $6$} hash
 * @param salt       the salt bytes
 * @param hash       the 64 hash bytes
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** What mosquitto_passwd 2.0.11 writes: 101 iterations, a 12-byte salt. */
    public static final int DEFAULT_ITERATIONS = 101;
    public static final int SALT_LENGTH = 12;
    /** Above this many iterations a check takes long enough (tens of microseconds each) to leave the event loop. */
    static final int CHEAP_ITERATIONS = 1_000;
    private static final int HASH_LENGTH = 64;

    public PasswordHash {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /**
     * Reads the hash part of a password file line (after {@code user:}).
     *
     * @throws IllegalArgumentException with a message that says what is wrong (never the hash itself)
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length < 2 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException("not a password hash (plain text? 'mqttools passwd -U' hashes such a file)");
        }
        switch (parts[1]) {
            case "6" -> {
                if (parts.length != 4) {
                    throw new IllegalArgumentException("a $6$ hash has the form $6$salt$hash");
                }
                return new PasswordHash(0, base64(parts[2], "salt"), checkLength(base64(parts[3], "hash")));
            }
            case "7" -> {
                if (parts.length != 5) {
                    throw new IllegalArgumentException("a $7$ hash has the form $7$iterations$salt$hash");
                }
                int iterations;
                try {
                    iterations = Integer.parseInt(parts[2]);
                } catch (NumberFormatException e) {
                    iterations = 0;
                }
                if (iterations < 1) {
                    throw new IllegalArgumentException("bad iteration count '" + parts[2] + "' in a $7$ hash");
                }
                return new PasswordHash(iterations, base64(parts[3], "salt"), checkLength(base64(parts[4], "hash")));
            }
            case "argon2id", "argon2i", "argon2d", "8" -> throw new IllegalArgumentException(
                    "argon2 hashes are not supported; use $7$ (PBKDF2-SHA512) hashes as mosquitto_passwd 2.0 writes them");
            default -> throw new IllegalArgumentException("unknown hash type $" + parts[1] + "$ (supported: $6$, $7$)");
        }
    }

    /** A new {@code $7$} hash of {@code password} with a random salt, as mosquitto_passwd makes one. */
    public static PasswordHash pbkdf2(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        return new PasswordHash(DEFAULT_ITERATIONS, salt, derive(pw, salt, DEFAULT_ITERATIONS));
    }

    /** A new {@code $6$} hash (salted SHA-512, mosquitto 1.6's format, {@code mosquitto_passwd -H sha512}). */
    public static PasswordHash sha512(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return new PasswordHash(0, salt, sha512(password.getBytes(StandardCharsets.UTF_8), salt));
    }

    /** Whether {@code password} (the CONNECT's bytes) has this hash; the comparison takes constant time. */
    public boolean matches(byte[] password) {
        byte[] computed = iterations == 0 ? sha512(password, salt) : derive(password, salt, iterations);
        return MessageDigest.isEqual(computed, hash);
    }

    /** True when checking a password against this hash is slow enough to keep off the event loop. */
    public boolean expensive() {
        return iterations > CHEAP_ITERATIONS;
    }

    /** The text after {@code user:} in a password file. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        String tail = b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        return iterations == 0 ? "$6$" + tail : "$7$" + iterations + "$" + tail;
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public String toString() {
        return iterations == 0 ? "PasswordHash[$6$]" : "PasswordHash[$7$, " + iterations + " iterations]";
    }

    private static byte[] sha512(byte[] password, byte[] salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            digest.update(password);
            return digest.digest(salt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }

    /**
     * PBKDF2-HMAC-SHA512 (RFC 8018) over the password's bytes, one 64-byte block. The JDK's PBEKeySpec
     * takes a char[], which cannot carry MQTT's binary passwords unchanged, so the loop is written here.
     */
    static byte[] derive(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            // an empty key is legal in HMAC but SecretKeySpec refuses it; a one-zero-byte key is equivalent
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA512"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1}); // block 1: 64 bytes are one SHA-512 output
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0); // in place: no allocation per iteration
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is missing from this JVM", e);
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not Base64");
        }
    }

    private static byte[] checkLength(byte[] hash) {
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("the hash has " + hash.length + " bytes, not " + HASH_LENGTH);
        }
        return hash;
    }
}
