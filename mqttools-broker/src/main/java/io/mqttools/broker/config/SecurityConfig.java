package io.mqttools.broker.config;

import java.nio.file.Path;

/**
 * Who may connect and what they may do, as mosquitto configures it.
 *
 * @param allowAnonymous whether a client without a user name may connect (mosquitto's {@code allow_anonymous})
 * @param passwordFile   a mosquitto_passwd file of user names and password hashes, or null for none
 * @param aclFile        a mosquitto ACL file of topic rules per user and patterns, or null for none (all allowed)
 * @param scramFile      SCRAM-SHA-256 credentials for MQTT 5 enhanced authentication ({@code scram_file}, an
 *                       mqttools extension; {@code mqttools passwd --scram} writes it), or null for none
 */
public record SecurityConfig(boolean allowAnonymous, Path passwordFile, Path aclFile, Path scramFile) {
    /** No password file and no ACL: every client may connect and use every topic. */
    public static final SecurityConfig OPEN = new SecurityConfig(true, null, null);

    /** Without a SCRAM file. */
    public SecurityConfig(boolean allowAnonymous, Path passwordFile, Path aclFile) {
        this(allowAnonymous, passwordFile, aclFile, null);
    }
}
