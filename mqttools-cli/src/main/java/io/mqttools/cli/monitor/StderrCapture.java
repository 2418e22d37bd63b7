package io.mqttools.cli.monitor;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Holds back standard error while the full-screen UI runs, because a log line written into the middle of
 * the screen would tear it, and writes the last {@value #KEEP_BYTES} bytes of it out once the terminal is
 * restored. Swapping {@link System#err} is the only way to reach loggers configured before the UI started;
 * it is done by the command alone, for the duration of the UI.
 */
final class StderrCapture implements AutoCloseable {
    static final int KEEP_BYTES = 16 * 1024;

    private final PrintStream original;
    private final Tail tail = new Tail();

    private StderrCapture(PrintStream original) {
        this.original = original;
    }

    static StderrCapture start() {
        StderrCapture capture = new StderrCapture(System.err);
        System.setErr(new PrintStream(capture.tail, true, StandardCharsets.UTF_8));
        return capture;
    }

    /** Restores standard error and writes out what was held back. */
    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
        byte[] held = tail.bytes();
        original.write(held, 0, held.length);
        original.flush();
    }

    /** The last KEEP_BYTES bytes written; synchronized, as loggers may write from several threads. */
    private static final class Tail extends OutputStream {
        private final byte[] ring = new byte[KEEP_BYTES];
        private long written;

        @Override
        public synchronized void write(int b) {
            ring[(int) (written++ % KEEP_BYTES)] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }

        synchronized byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long from = Math.max(0, written - KEEP_BYTES);
            for (long i = from; i < written; i++) {
                out.write(ring[(int) (i % KEEP_BYTES)]);
            }
            return out.toByteArray();
        }
    }
}
