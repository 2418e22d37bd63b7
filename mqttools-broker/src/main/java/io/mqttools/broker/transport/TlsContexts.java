package io.mqttools.broker.transport;

import io.mqttools.broker.config.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/** Builds a listener's TLS context from PEM files, with errors that name the file at fault. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(TlsConfig tls) {
        if (tls.caFile() != null) {
            readable(tls.caFile(), "CA file");
        }
        readable(tls.certFile(), "certificate file");
        readable(tls.keyFile(), "key file");
        List<X509Certificate> cas = new ArrayList<>();
        if (tls.caFile() != null) {
            cas.addAll(certificates(tls.caFile(), "CA file"));
        }
        if (tls.caPath() != null) {
            cas.addAll(caPath(tls.caPath()));
        }
        certificates(tls.certFile(), "certificate file");
        try {
            SslContextBuilder b = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile())
                    .protocols(tls.protocols());
            if (cas.isEmpty()) {
                b.clientAuth(ClientAuth.NONE); // no CA to check a client certificate against: ask for none
            } else {
                b.trustManager(cas.toArray(X509Certificate[]::new))
                        .clientAuth(tls.requireCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use key file " + tls.keyFile() + " with certificate file "
                    + tls.certFile() + ": " + rootMessage(e), e);
        }
    }

    /** Every certificate in the PEM files of a directory (mosquitto's capath: {@code *.pem} files). */
    private static List<X509Certificate> caPath(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new IllegalArgumentException("CA path " + dir + " is not a readable directory");
        }
        List<X509Certificate> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                all.addAll(certificates(f, "CA file"));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list CA path " + dir + ": " + e.getMessage(), e);
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("CA path " + dir + " holds no .pem certificate file");
        }
        return all;
    }

    private static void readable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or is not readable");
        }
    }

    private static List<X509Certificate> certificates(Path file, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> found = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                found.add((X509Certificate) c);
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + " holds no PEM certificate");
            }
            return found;
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
