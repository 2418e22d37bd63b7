package io.mqttools.cli.common.log;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Where the lines go. A logging thread only appends its line to a buffer and, when the buffer was empty,
 * wakes the writer thread, which prints and flushes what has gathered; warnings and errors are printed by
 * the logging thread itself, after everything before them. A shutdown hook prints what is left. When
 * more than {@link #MAX_PENDING} characters wait, loggers wait for the writer rather than lose lines.
 */
final class LogWriter {
    static final int MAX_PENDING = 1 << 20;

    private final Supplier<PrintStream> out;
    private final DateTimeFormatter formatter; // null: no timestamp
    private final boolean millisLast;          // the pattern ends in ".SSS": its prefix is cached per second
    private final ZoneId zone = ZoneId.systemDefault();
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    private final Object lock = new Object();
    private StringBuilder pending = new StringBuilder(); // guarded by lock
    private final Object printing = new Object();       // held while a chunk is printed: chunks keep their order

    private record Stamp(long second, String prefix) {
    }

    private LogWriter(Supplier<PrintStream> out, LogSettings settings) {
        this.out = out;
        String pattern = settings.dateFormat();
        this.millisLast = pattern != null && pattern.endsWith(".SSS");
        this.formatter = LogSettings.formatter(millisLast ? pattern.substring(0, pattern.length() - 3) : pattern);
    }

    /** A writer for these settings with its thread and shutdown hook started. */
    static LogWriter start(LogSettings settings) {
        LogWriter w = new LogWriter(output(settings.logFile()), settings);
        Thread t = new Thread(w::run, "mqttools-log");
        t.setDaemon(true);
        t.start();
        Runtime.getRuntime().addShutdownHook(new Thread(w::drain, "mqttools-log-flush"));
        return w;
    }

    /** A writer printing on the caller's thread only, for tests. */
    static LogWriter synchronous(PrintStream out, LogSettings settings) {
        return new LogWriter(() -> out, settings);
    }

    private static Supplier<PrintStream> output(String logFile) {
        if ("System.err".equalsIgnoreCase(logFile)) {
            return () -> System.err; // looked up each time, as slf4j-simple does: System.setErr applies
        }
        if ("System.out".equalsIgnoreCase(logFile)) {
            return () -> System.out;
        }
        try {
            PrintStream file = new PrintStream(new FileOutputStream(logFile));
            return () -> file;
        } catch (FileNotFoundException e) {
            System.err.println("SLF4J(E): Could not open [" + logFile + "]. Defaulting to System.err");
            return () -> System.err;
        }
    }

    /** The timestamp and a space, when the settings show one. */
    void appendTimestamp(StringBuilder line, long millis) {
        if (formatter == null) {
            return;
        }
        if (!millisLast) {
            line.append(formatter.format(Instant.ofEpochMilli(millis).atZone(zone))).append(' ');
            return;
        }
        long second = Math.floorDiv(millis, 1000);
        Stamp s = stamp;
        if (s.second() != second) {
            s = new Stamp(second, formatter.format(Instant.ofEpochSecond(second).atZone(zone)));
            stamp = s;
        }
        int ms = (int) Math.floorMod(millis, 1000);
        line.append(s.prefix()).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                .append((char) ('0' + ms % 10)).append(' ');
    }

    /** Queues a line; {@code now} prints it, and all before it, before returning. */
    void write(CharSequence line, boolean now) {
        synchronized (lock) {
            while (!now && pending.length() > MAX_PENDING) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    now = true; // print it ourselves
                }
            }
            boolean wasEmpty = pending.length() == 0;
            pending.append(line);
            if (!now && wasEmpty) {
                lock.notifyAll();
            }
        }
        if (now) {
            drain();
        }
    }

    /** Prints and flushes everything queued so far. */
    void drain() {
        synchronized (printing) {
            StringBuilder chunk;
            synchronized (lock) {
                if (pending.length() == 0) {
                    return;
                }
                chunk = pending;
                pending = new StringBuilder(Math.min(chunk.capacity(), 64 * 1024));
                lock.notifyAll();
            }
            PrintStream o = out.get();
            o.append(chunk);
            o.flush();
        }
    }

    private void run() {
        while (true) {
            synchronized (lock) {
                while (pending.length() == 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            drain();
        }
    }
}
