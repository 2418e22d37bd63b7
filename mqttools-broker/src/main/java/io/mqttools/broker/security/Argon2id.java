package io.mqttools.broker.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The cost parameters of an argon2id hash (RFC 9106) in the PHC string form libargon2 writes and
 * mosquitto 2.1 keeps in password files: {@code $argon2id$v=19$m=KiB,t=passes,p=lanes$salt$hash}, salt
 * and hash in Base64 without padding. Computed with Bouncy Castle's {@code Argon2BytesGenerator}.
 * Immutable and thread-safe.
 *
 * @param version    0x13 (v=19, the current one) or 0x10 (v=16)
 * @param memoryKiB  m, at least 8 per lane
 * @param passes     t, at least 1
 * @param lanes      p, 1..255 here (the check runs them one after the other)
 */
public record Argon2id(int version, int memoryKiB, int passes, int lanes) {
    /** Hashes asking for more memory than this are refused when the file is read, not at the first CONNECT. */
    static final int MAX_MEMORY_KIB = 1 << 20;
    /** What {@code mqttools passwd -H argon2id} writes: OWASP's smallest recommended argon2id setting. */
    static final Argon2id DEFAULT = new Argon2id(0x13, 19_456, 2, 1);
    static final int DEFAULT_SALT_LENGTH = 16;
    static final int DEFAULT_HASH_LENGTH = 32;

    public Argon2id {
        if (version != 0x13 && version != 0x10) {
            throw new IllegalArgumentException("unknown argon2 version " + version + " (v=19 or v=16)");
        }
        if (lanes < 1 || lanes > 255) {
            throw new IllegalArgumentException("argon2 parallelism p=" + lanes + " is not 1..255");
        }
        if (passes < 1) {
            throw new IllegalArgumentException("argon2 passes t=" + passes + " must be at least 1");
        }
        if (memoryKiB < 8 * lanes || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("argon2 memory m=" + memoryKiB + " KiB is not 8*p.." + MAX_MEMORY_KIB);
        }
    }

    /**
     * Reads the version and parameter fields of a PHC string.
     *
     * @param versionField {@code v=19} or {@code v=16}, or null when the string has none (meaning v=16)
     * @param parameters   {@code m=..,t=..,p=..}, in that order, as libargon2 writes and requires them
     */
    static Argon2id parse(String versionField, String parameters) {
        int version = 0x10;
        if (versionField != null) {
            version = number(versionField, "v=");
        }
        String[] p = parameters.split(",", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("argon2 parameters must be m=..,t=..,p=..");
        }
        return new Argon2id(version, number(p[0], "m="), number(p[1], "t="), number(p[2], "p="));
    }

    private static int number(String field, String prefix) {
        if (!field.startsWith(prefix)) {
            throw new IllegalArgumentException("expected " + prefix + "... in an argon2 hash, not '" + field + "'");
        }
        try {
            return Integer.parseInt(field.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in '" + field + "' of an argon2 hash");
        }
    }

    /** The fields between {@code $argon2id$} and the salt, as libargon2 writes them. */
    String encodedParameters() {
        return "v=" + version + "$m=" + memoryKiB + ",t=" + passes + ",p=" + lanes;
    }

    byte[] derive(byte[] password, byte[] salt, int length) {
        return derive(password, salt, null, null, length);
    }

    /** With RFC 9106's optional secret and associated data, for its test vector. */
    byte[] derive(byte[] password, byte[] salt, byte[] secret, byte[] associatedData, int length) {
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(version).withMemoryAsKB(memoryKiB).withIterations(passes).withParallelism(lanes)
                .withSalt(salt);
        if (secret != null) {
            b.withSecret(secret);
        }
        if (associatedData != null) {
            b.withAdditional(associatedData);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(b.build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
