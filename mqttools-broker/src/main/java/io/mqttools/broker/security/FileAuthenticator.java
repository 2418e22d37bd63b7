package io.mqttools.broker.security;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ReasonCode;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * mosquitto's user name and password check: a client without a user name gets in only when anonymous
 * access is allowed; one with a user name needs a password whose hash the password file holds. Without a
 * password file, a client with a user name is treated as anonymous access is (mosquitto 2 refuses it
 * when {@code allow_anonymous} is false). Refusals are 0x87 Not authorized (3.1.1 return code 5), what
 * mosquitto 2.0 sends for an unknown user, a wrong password and a refused anonymous client alike.
 *
 * <p>A cheap hash (SHA-512, or PBKDF2 with up to {@value PasswordHash#CHEAP_ITERATIONS} iterations; the
 * 101 mosquitto_passwd writes take tens of microseconds) is checked on the event loop. A costlier one goes
 * to one background thread, and the handshake resumes when it answers; at most 256 checks wait for it,
 * beyond that a CONNECT gets 0x89 Server busy. Thread-safe; {@link #close()} stops the thread.
 */
public final class FileAuthenticator implements Authenticator, AutoCloseable {
    private final boolean allowAnonymous;
    private final Path file;
    private volatile PasswordFile users;
    private final ThreadPoolExecutor slowChecks;

    /**
     * @param file the password file, or null for none
     * @throws SecurityFileException when the file cannot be read or used
     */
    public FileAuthenticator(boolean allowAnonymous, Path file) {
        this.allowAnonymous = allowAnonymous;
        this.file = file;
        this.users = file == null ? null : PasswordFile.load(file);
        this.slowChecks = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "mqttools-password-check");
            t.setDaemon(true);
            return t;
        });
        slowChecks.allowCoreThreadTimeOut(true);
    }

    /** Re-reads the password file; when it cannot be used the old users stay and the exception says why. */
    public void reload() {
        if (file != null) {
            users = PasswordFile.load(file);
        }
    }

    /** The same check, waited for: blocks for a costly hash, so the broker itself calls {@link #check}. */
    @Override
    public boolean authenticate(String clientId, String username, Bytes password) {
        return check(clientId, username, password).toCompletableFuture().join() == ReasonCode.SUCCESS;
    }

    @Override
    public CompletionStage<ReasonCode> check(String clientId, String username, Bytes password) {
        PasswordFile current = users;
        if (username == null || current == null) {
            return answer(allowAnonymous);
        }
        PasswordHash hash = current.hashOf(username);
        if (hash == null || password == null) {
            return answer(false);
        }
        byte[] bytes = password.unsafeArray();
        if (!hash.expensive()) {
            return answer(hash.matches(bytes));
        }
        try {
            return CompletableFuture.supplyAsync(() -> verdict(hash.matches(bytes)), slowChecks);
        } catch (RejectedExecutionException tooMany) {
            return CompletableFuture.completedFuture(ReasonCode.SERVER_BUSY);
        }
    }

    private static CompletionStage<ReasonCode> answer(boolean accepted) {
        return CompletableFuture.completedFuture(verdict(accepted));
    }

    private static ReasonCode verdict(boolean accepted) {
        return accepted ? ReasonCode.SUCCESS : ReasonCode.NOT_AUTHORIZED;
    }

    @Override
    public void close() {
        slowChecks.shutdownNow();
    }
}
