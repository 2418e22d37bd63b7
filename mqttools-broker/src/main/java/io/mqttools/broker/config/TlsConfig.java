package io.mqttools.broker.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The TLS settings of one listener, as mosquitto's per-listener {@code cafile}, {@code capath},
 * {@code certfile}, {@code keyfile}, {@code require_certificate}, {@code tls_version} and
 * {@code use_identity_as_username}.
 *
 * @param caFile                CA certificates (PEM) client certificates must chain to, or null
 * @param caPath                a directory of CA certificate PEM files, or null
 * @param certFile              the server's certificate chain (PEM)
 * @param keyFile               the server's private key (PEM, PKCS#8 or PKCS#1)
 * @param requireCertificate    refuse clients without a certificate signed by one of the CAs
 * @param tlsVersion            the oldest TLS version accepted ({@code tlsv1.3}, {@code tlsv1.2} or
 *                              {@code tlsv1.1}), or null for TLS 1.2 and 1.3 (mosquitto's default)
 * @param useIdentityAsUsername take the client certificate's CN as the CONNECT's user name, whatever the
 *                              client sent (needs {@code requireCertificate})
 */
public record TlsConfig(Path caFile, Path caPath, Path certFile, Path keyFile, boolean requireCertificate,
                        String tlsVersion, boolean useIdentityAsUsername) {
    /** The values {@code tls_version} accepts. */
    public static final Set<String> VERSIONS = Set.of("tlsv1.3", "tlsv1.2", "tlsv1.1");

    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (requireCertificate && caFile == null && caPath == null) {
            throw new IllegalArgumentException("require_certificate needs cafile or capath");
        }
        if (useIdentityAsUsername && !requireCertificate) {
            throw new IllegalArgumentException("use_identity_as_username needs require_certificate true");
        }
        if (tlsVersion != null && !VERSIONS.contains(tlsVersion)) {
            throw new IllegalArgumentException("tls_version must be tlsv1.3, tlsv1.2 or tlsv1.1, not " + tlsVersion);
        }
    }

    /** PEM files for the CA, the certificate and the key, with the default TLS versions. */
    public static TlsConfig of(Path caFile, Path certFile, Path keyFile, boolean requireCertificate) {
        return new TlsConfig(Objects.requireNonNull(caFile, "caFile"), null, certFile, keyFile, requireCertificate,
                null, false);
    }

    /** The JSSE protocol names enabled for {@link #tlsVersion()}, newest first. */
    public String[] protocols() {
        if ("tlsv1.1".equals(tlsVersion)) {
            return new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1"};
        }
        if ("tlsv1.3".equals(tlsVersion)) {
            return new String[] {"TLSv1.3"};
        }
        return new String[] {"TLSv1.3", "TLSv1.2"};
    }
}
