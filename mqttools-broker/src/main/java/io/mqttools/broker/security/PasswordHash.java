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
 * 1.6's), salt and hash in standard Base64; or {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} (mosquitto
 * 2.1's, see {@link Argon2id}). Immutable and thread-safe.
 *
 * @param iterations PBKDF2 iterations, or 0 for a {@code $6$} or argon2id hash
 * @param salt       the salt bytes
 * @param hash       the hash bytes: 64 for {@code $6$} and {@code $7$}, 4 or more for argon2id
 * @param argon2     the argon2id parameters, or null for the other kinds
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash, Argon2id argon2) {
    /** What mosquitto_passwd 2.0.11 writes: 101 iterations, a 12-byte salt. */
    public static final int DEFAULT_ITERATIONS = 101;
    public static final int SALT_LENGTH = 12;
    /** Above this many iterations a check takes long enough (tens of microseconds each) to leave the event loop. */
    static final int CHEAP_ITERATIONS = 1_000;
    private static final int HASH_LENGTH = 64;

    public PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this(iterations, salt, hash, null);
    }

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
            case "argon2id" -> {
                // $argon2id$v=19$m=..,t=..,p=..$salt$hash, or without the v= field
                if (parts.length != 6 && !(parts.length == 5 && parts[2].startsWith("m="))) {
                    throw new IllegalArgumentException("an argon2id hash has the form $argon2id$v=19$m=..,t=..,p=..$salt$hash");
                }
                int at = parts.length == 6 ? 3 : 2;
                Argon2id params = Argon2id.parse(parts.length == 6 ? parts[2] : null, parts[at]);
                byte[] salt = base64(parts[at + 1], "salt");
                byte[] hash = base64(parts[at + 2], "hash");
                if (salt.length < 8 || hash.length < 4) {
                    throw new IllegalArgumentException("an argon2id hash needs a salt of 8 bytes or more and a hash of 4 or more");
                }
                return new PasswordHash(0, salt, hash, params);
            }
            case "argon2i", "argon2d" -> throw new IllegalArgumentException(
                    "$" + parts[1] + "$ hashes are not supported, only argon2id ones (what mosquitto 2.1 writes)");
            default -> throw new IllegalArgumentException("unknown hash type $" + parts[1] + "$ (supported: $6$, $7$, $argon2id$)");
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

    /**
     * A new argon2id hash with the parameters {@code mqttools passwd -H argon2id} writes (m=19456 KiB,
     * t=2, p=1, 16-byte salt, 32-byte hash).
     */
    public static PasswordHash argon2id(String password, SecureRandom random) {
        byte[] salt = new byte[Argon2id.DEFAULT_SALT_LENGTH];
        random.nextBytes(salt);
        byte[] hash = Argon2id.DEFAULT.derive(password.getBytes(StandardCharsets.UTF_8), salt, Argon2id.DEFAULT_HASH_LENGTH);
        return new PasswordHash(0, salt, hash, Argon2id.DEFAULT);
    }

    /** Whether {@code password} (the CONNECT's bytes) has this hash; the comparison takes constant time. */
    public boolean matches(byte[] password) {
        byte[] computed = argon2 != null ? argon2.derive(password, salt, hash.length)
                : iterations == 0 ? sha512(password, salt) : derive(password, salt, iterations);
        return MessageDigest.isEqual(computed, hash);
    }

    /** True when checking a password against this hash is slow enough to keep off the event loop. */
    public boolean expensive() {
        return argon2 != null || iterations > CHEAP_ITERATIONS;
    }

    /** The text after {@code user:} in a password file. */
    public String encoded() {
        if (argon2 != null) {
            Base64.Encoder phc = Base64.getEncoder().withoutPadding();
            return "$argon2id$" + argon2.encodedParameters() + "$" + phc.encodeToString(salt) + "$" + phc.encodeToString(hash);
        }
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
        if (argon2 != null) {
            return "PasswordHash[$argon2id$, m=" + argon2.memoryKiB() + ", t=" + argon2.passes() + ", p=" + argon2.lanes() + "]";
        }
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
