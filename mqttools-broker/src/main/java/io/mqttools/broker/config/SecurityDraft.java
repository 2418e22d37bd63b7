package io.mqttools.broker.config;

import java.nio.file.Path;

/** allow_anonymous, password_file, acl_file and scram_file as a file gives them, for the broker or for one listener. */
final class SecurityDraft {
    Boolean allowAnonymous;
    Path passwordFile;
    Path aclFile;
    Path scramFile;

    /** @param localOnly whether the broker runs mosquitto 2's local-only default listener (anonymous allowed) */
    SecurityConfig build(boolean localOnly) {
        return new SecurityConfig(allowAnonymous == null ? localOnly : allowAnonymous, passwordFile, aclFile, scramFile);
    }
}
