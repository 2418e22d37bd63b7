package io.mqttools.broker.security;

import io.mqttools.broker.config.SecurityConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticator and authorizer a {@link SecurityConfig} describes, and their reload. With no
 * password file and anonymous access allowed everyone gets in ({@link Authenticator#ALLOW_ALL}); with no
 * ACL file everything is allowed ({@link Authorizer#ALLOW_ALL}), as in mosquitto 2.
 */
public final class FileSecurity implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileSecurity.class);

    private final FileAuthenticator authenticator;
    private final FileAuthorizer authorizer;

    private FileSecurity(FileAuthenticator authenticator, FileAuthorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /**
     * Reads the files the configuration names, those it is asked for only.
     *
     * @throws SecurityFileException when a file cannot be read or used
     */
    public static FileSecurity open(SecurityConfig config, boolean authentication, boolean authorization) {
        FileAuthenticator authn = authentication
                && (config.passwordFile() != null || config.scramFile() != null || !config.allowAnonymous())
                ? new FileAuthenticator(config.allowAnonymous(), config.passwordFile(), config.scramFile()) : null;
        try {
            FileAuthorizer authz = authorization && config.aclFile() != null ? new FileAuthorizer(config.aclFile()) : null;
            return new FileSecurity(authn, authz);
        } catch (RuntimeException e) {
            if (authn != null) {
                authn.close();
            }
            throw e;
        }
    }

    public Authenticator authenticator() {
        return authenticator == null ? Authenticator.ALLOW_ALL : authenticator;
    }

    public Authorizer authorizer() {
        return authorizer == null ? Authorizer.ALLOW_ALL : authorizer;
    }

    /**
     * Re-reads the password, SCRAM and ACL files. A file that cannot be used keeps its old rules; the problem is
     * logged and returned. Connected clients stay; their next checks use the new rules.
     *
     * @return the problems, empty when every file was re-read
     */
    public synchronized List<String> reload() {
        List<String> problems = new ArrayList<>(0);
        if (authenticator != null) {
            try {
                authenticator.reload();
            } catch (SecurityFileException e) {
                problems.add(e.getMessage());
            }
        }
        if (authorizer != null) {
            try {
                authorizer.reload();
            } catch (SecurityFileException e) {
                problems.add(e.getMessage());
            }
        }
        for (String problem : problems) {
            LOG.error("security reload: {}; the previous rules stay", problem);
        }
        if (problems.isEmpty()) {
            LOG.info("security files reloaded");
        }
        return problems;
    }

    @Override
    public void close() {
        if (authenticator != null) {
            authenticator.close();
        }
    }
}
