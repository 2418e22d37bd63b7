package io.mqttools.broker.transport;

import io.mqttools.broker.config.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLException;

/** Builds the server's TLS context from PEM files, with errors that name the file at fault. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(TlsConfig tls) {
        readable(tls.caFile(), "CA file");
        readable(tls.certFile(), "certificate file");
        readable(tls.keyFile(), "key file");
        checkCertificates(tls.caFile(), "CA file");
        checkCertificates(tls.certFile(), "certificate file");
        try {
            return SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile())
                    .trustManager(tls.caFile().toFile())
                    .clientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use key file " + tls.keyFile() + " with certificate file "
                    + tls.certFile() + ": " + rootMessage(e), e);
        }
    }

    private static void readable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or is not readable");
        }
    }

    private static void checkCertificates(Path file, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + " holds no PEM certificate");
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(what + " " + file + " is not a PEM certificate file: "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
