package io.mqttools.broker.transport;

import io.mqttools.broker.config.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/** Builds a listener's TLS context from PEM files, with errors that name the file at fault. */
final class TlsContexts {
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

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
        X509Certificate leaf = certificates(tls.certFile(), "certificate file").get(0);
        checkKeyMatches(tls.keyFile(), tls.certFile(), leaf);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile())
                    .protocols(tls.protocols());
            if (cas.isEmpty() || !tls.requireCertificate()) {
                // as mosquitto: without require_certificate no client certificate is asked for, even with a
                // CA file (browsers cancel a WebSocket handshake that is asked for one)
                b.clientAuth(ClientAuth.NONE);
            } else {
                b.trustManager(cas.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use key file " + tls.keyFile() + " with certificate file "
                    + tls.certFile() + ": " + rootMessage(e), e);
        }
    }

    /**
     * Refuses a key that does not belong to the certificate (signs with it and verifies with the
     * certificate's public key), which the JDK provider would only notice at the first handshake. Only
     * an unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}, what openssl 3 writes) is checked; other key
     * formats are left to Netty.
     */
    private static void checkKeyMatches(Path keyFile, Path certFile, X509Certificate leaf) {
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + keyFile + ": " + e.getMessage(), e);
        }
        int begin = pem.indexOf(PKCS8_BEGIN);
        int end = pem.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            return;
        }
        String algorithm = leaf.getPublicKey().getAlgorithm();
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
            PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            String signing = algorithm.equals("EC") ? "SHA256withECDSA" : algorithm.equals("RSA") ? "SHA256withRSA"
                    : algorithm; // Ed25519, Ed448 sign under their own names
            byte[] probe = "mqttools key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(signing);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signing);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("key file " + keyFile + " does not belong to certificate file " + certFile);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("key file ")) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("key file " + keyFile + " is not a " + algorithm
                    + " key for certificate file " + certFile + ": " + rootMessage(e), e);
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
