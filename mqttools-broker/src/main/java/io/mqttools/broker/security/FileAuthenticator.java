package io.mqttools.broker.security;

import io.mqttools.protocol.auth.ScramSha256;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ReasonCode;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 *
 * <p>With a SCRAM file, a 5.0 CONNECT with the Authentication Method {@code SCRAM-SHA-256} runs that
 * exchange ({@link ScramExchange}) against the file's users instead of the password check; without
 * one, that method is refused with 0x8C Bad authentication method, as every other method is.
 */
public final class FileAuthenticator implements Authenticator, AutoCloseable {
    private final boolean allowAnonymous;
    private final Path file;
    private volatile PasswordFile users;
    private final Path scramFile;
    private volatile ScramFile scramUsers;
    private final SecureRandom random = new SecureRandom();
    /** Salts the made-up credentials of unknown SCRAM users; stable for the broker's life. */
    private final byte[] unknownUserSecret = new byte[32];
    private final ThreadPoolExecutor slowChecks;

    /**
     * @param file the password file, or null for none
     * @throws SecurityFileException when the file cannot be read or used
     */
    public FileAuthenticator(boolean allowAnonymous, Path file) {
        this(allowAnonymous, file, null);
    }

    /**
     * @param file      the password file, or null for none
     * @param scramFile the SCRAM-SHA-256 credentials ({@link ScramFile}), or null for no enhanced authentication
     * @throws SecurityFileException when a file cannot be read or used
     */
    public FileAuthenticator(boolean allowAnonymous, Path file, Path scramFile) {
        this.allowAnonymous = allowAnonymous;
        this.file = file;
        this.users = file == null ? null : PasswordFile.load(file);
        this.scramFile = scramFile;
        this.scramUsers = scramFile == null ? null : ScramFile.load(scramFile);
        random.nextBytes(unknownUserSecret);
        this.slowChecks = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "mqttools-password-check");
            t.setDaemon(true);
            return t;
        });
        slowChecks.allowCoreThreadTimeOut(true);
    }

    /**
     * Re-reads the password file and the SCRAM file; a file that cannot be used keeps its old users and
     * the exception says why (the password file is re-read first).
     */
    public void reload() {
        if (file != null) {
            users = PasswordFile.load(file);
        }
        if (scramFile != null) {
            scramUsers = ScramFile.load(scramFile);
        }
    }

    /** SCRAM-SHA-256 when a SCRAM file is configured; the exchange reads the users in force at its start. */
    @Override
    public AuthExchange startExchange(String clientId, String username, String method) {
        ScramFile scram = scramUsers;
        if (scram == null || !ScramSha256.METHOD.equals(method)) {
            return null;
        }
        return new ScramExchange(scram::credentialOf, username, this::serverNonce, unknownUserSecret);
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

    /** 18 random bytes in Base64: printable and without ',', as RFC 5802 wants a nonce. */
    private String serverNonce() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
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
