package io.mqttools.cli.bench;

import java.time.Instant;
import java.util.Arrays;

/**
 * The payloads of {@code bench pub}: an 8-byte big-endian timestamp (microseconds since the epoch), then
 * 0xA5 bytes up to the size. {@code bench sub} reads the timestamp back for the end-to-end latency.
 */
final class Payloads {
    static final int TIMESTAMP_BYTES = 8;
    /** A "timestamp" further than this from now is not one of ours: no latency is recorded for it. */
    private static final long PLAUSIBLE_MICROS = 3_600_000_000L;
    private static final byte FILL = (byte) 0xA5;

    private Payloads() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** A new payload of {@code size} bytes (at least {@link #TIMESTAMP_BYTES}) stamped now. */
    static byte[] stamped(int size) {
        byte[] out = new byte[size];
        if (size > TIMESTAMP_BYTES) {
            Arrays.fill(out, TIMESTAMP_BYTES, size, FILL);
        }
        long t = nowMicros();
        for (int i = TIMESTAMP_BYTES - 1; i >= 0; i--) {
            out[i] = (byte) t;
            t >>>= 8;
        }
        return out;
    }

    /** Microseconds from the payload's timestamp to now, or -1 when it carries no plausible timestamp. */
    static long ageMicros(byte[] payload, long nowMicros) {
        if (payload.length < TIMESTAMP_BYTES) {
            return -1;
        }
        long t = 0;
        for (int i = 0; i < TIMESTAMP_BYTES; i++) {
            t = (t << 8) | (payload[i] & 0xFF);
        }
        long age = nowMicros - t;
        return Math.abs(age) > PLAUSIBLE_MICROS ? -1 : Math.max(0, age);
    }
}
