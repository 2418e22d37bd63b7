package io.mqttools.broker.security;

import io.mqttools.protocol.auth.ScramSha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * What the broker keeps of a SCRAM-SHA-256 user (RFC 5802 section 3): the salt, the iteration count,
 * StoredKey = H(HMAC(SaltedPassword, "Client Key")) and ServerKey = HMAC(SaltedPassword, "Server Key").
 * Neither key lets anyone log in, nor gives the password back without a dictionary attack on the
 * iterated hash. Written as {@code SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey} in standard Base64,
 * the form PostgreSQL keeps such verifiers in. Immutable and thread-safe.
 */
public record ScramCredential(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    private static final String PREFIX = ScramSha256.METHOD + "$";

    public ScramCredential {
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        if (storedKey.length != ScramSha256.KEY_LENGTH || serverKey.length != ScramSha256.KEY_LENGTH) {
            throw new IllegalArgumentException("StoredKey and ServerKey must have " + ScramSha256.KEY_LENGTH + " bytes");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** The credential of {@code password} (UTF-8, taken as it is: no SASLprep) with this salt and count. */
    public static ScramCredential derive(String password, byte[] salt, int iterations) {
        byte[] salted = ScramSha256.hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = ScramSha256.hmac(salted, "Client Key");
        return new ScramCredential(iterations, salt, ScramSha256.sha256(clientKey), ScramSha256.hmac(salted, "Server Key"));
    }

    /** A new credential with a random 16-byte salt and 4096 iterations (RFC 7677's minimum). */
    public static ScramCredential create(String password, SecureRandom random) {
        byte[] salt = new byte[ScramSha256.SALT_LENGTH];
        random.nextBytes(salt);
        return derive(password, salt, ScramSha256.DEFAULT_ITERATIONS);
    }

    /**
     * Reads the text after {@code user:} in a SCRAM file.
     *
     * @throws IllegalArgumentException saying what is wrong (never the keys themselves)
     */
    public static ScramCredential parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("expected SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey"
                    + " ('mqttools passwd --scram' writes such lines)");
        }
        String[] halves = text.substring(PREFIX.length()).split("\\$", -1);
        String[] head = halves[0].split(":", -1);
        String[] keys = halves.length == 2 ? halves[1].split(":", -1) : new String[0];
        if (halves.length != 2 || head.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException("a SCRAM credential has the form SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(head[0]);
        } catch (NumberFormatException e) {
            iterations = 0;
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("bad iteration count '" + head[0] + "'");
        }
        try {
            return new ScramCredential(iterations, base64(head[1], "salt"), base64(keys[0], "StoredKey"),
                    base64(keys[1], "ServerKey"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The text after {@code user:} in a SCRAM file. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey) + ":"
                + b64.encodeToString(serverKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public String toString() {
        return "ScramCredential[" + iterations + " iterations]";
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not Base64");
        }
    }
}
