package io.mqttools.broker.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS listener: PEM files for the CA, the server certificate chain and its private key.
 *
 * @param port                     port to bind (0 = ephemeral)
 * @param caFile                   CA certificates (PEM) that client certificates must chain to
 * @param certFile                 the server's certificate chain (PEM)
 * @param keyFile                  the server's private key (PEM, PKCS#8 or PKCS#1)
 * @param requireClientCertificate refuse clients without a certificate signed by the CA
 */
public record TlsConfig(int port, Path caFile, Path certFile, Path keyFile, boolean requireClientCertificate) {
    public TlsConfig {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
    }
}
