package io.mqttools.broker.security;

import java.nio.file.Path;

/**
 * The {@link Authorizer} of an ACL file, re-read by {@link #reload()}. The rules are swapped as one
 * immutable {@link AclFile} behind a volatile field, so a reload never blocks a check.
 */
public final class FileAuthorizer implements Authorizer {
    private final Path file;
    private volatile AclFile rules;
    private volatile long generation;

    /** @throws SecurityFileException when the file cannot be read or used */
    public FileAuthorizer(Path file) {
        this.file = file;
        this.rules = AclFile.load(file);
    }

    /** Re-reads the file; when it cannot be used the old rules stay and the exception says why. */
    public void reload() {
        AclFile fresh = AclFile.load(file);
        rules = fresh;
        generation++; // one reloading thread at a time (FileSecurity.reload is synchronized)
    }

    @Override
    public boolean canPublish(String clientId, String username, String topic) {
        return rules.canWrite(clientId, username, topic);
    }

    @Override
    public boolean canSubscribe(String clientId, String username, String filter) {
        return rules.canSubscribe(clientId, username, filter);
    }

    @Override
    public boolean canRead(String clientId, String username, String topic) {
        return rules.canRead(clientId, username, topic);
    }

    @Override
    public long generation() {
        return generation;
    }
}
