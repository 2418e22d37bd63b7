package io.mqttools.broker.config;

import java.nio.file.Path;

/** The settings of one listener as the file gives them, line by line; {@link #build} checks them together. */
final class ListenerDraft {
    /** Where the listener was declared, for errors about the listener as a whole. */
    final ConfLine declared;
    Integer port;
    String host;
    Listener.Protocol protocol = Listener.Protocol.MQTT;
    Path caFile;
    Path caPath;
    Path certFile;
    Path keyFile;
    boolean requireCertificate;
    String tlsVersion;
    boolean useIdentityAsUsername;
    boolean proxyProtocol;
    /** Its allow_anonymous, password_file and acl_file, used with per_listener_settings true. */
    final SecurityDraft security = new SecurityDraft();
    /** {@code socket_domain ipv4}: without a bind address, bind 0.0.0.0 rather than every IPv4 and IPv6 one. */
    boolean ipv4Only;
    /** mosquitto 2.1's listener_allow_anonymous, or null. */
    Boolean listenerAllowAnonymous;

    ListenerDraft(ConfLine declared) {
        this.declared = declared;
    }

    boolean hasTlsSettings() {
        return caFile != null || caPath != null || certFile != null || keyFile != null || requireCertificate
                || tlsVersion != null || useIdentityAsUsername;
    }

    /** @param defaultPort the port when the file gives none (the default listener's 1883) */
    Listener build(String what, int defaultPort) {
        TlsConfig tls = null;
        if (certFile != null || keyFile != null) {
            if (certFile == null || keyFile == null) {
                throw declared.error(what + " needs both certfile and keyfile for TLS");
            }
            try {
                tls = new TlsConfig(caFile, caPath, certFile, keyFile, requireCertificate, tlsVersion,
                        useIdentityAsUsername);
            } catch (IllegalArgumentException e) {
                throw declared.error(what + ": " + e.getMessage());
            }
        } else if (hasTlsSettings()) {
            throw declared.error(what + " has TLS settings but no certfile and keyfile");
        }
        String bind = host == null && ipv4Only ? "0.0.0.0" : host;
        return new Listener(bind, port == null ? defaultPort : port, protocol, tls, proxyProtocol);
    }
}
