package io.mqttools.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The CA certificates of a PEM file and of a directory of them (mosquitto's {@code capath}). */
final class TrustedCertificates {
    private TrustedCertificates() {
    }

    /** @param caFile a PEM file, or null; {@code caPath}: every {@code .crt} and {@code .pem} file in it */
    static X509Certificate[] read(Path caFile, Path caPath) {
        List<Path> files = new ArrayList<>();
        if (caFile != null) {
            files.add(caFile);
        }
        try (Stream<Path> listing = Files.list(caPath)) {
            listing.filter(p -> {
                String name = p.getFileName().toString();
                return (name.endsWith(".crt") || name.endsWith(".pem")) && Files.isRegularFile(p);
            }).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("Cannot list CA directory " + caPath + ": " + e.getMessage(), e));
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : factory.generateCertificates(in)) {
                        certificates.add((X509Certificate) c);
                    }
                }
            }
        } catch (IOException | CertificateException e) {
            throw new UncheckedIOException(new IOException("Cannot read CA certificates: " + e.getMessage(), e));
        }
        if (certificates.isEmpty()) {
            throw new UncheckedIOException(new IOException("No CA certificates in " + caPath));
        }
        return certificates.toArray(X509Certificate[]::new);
    }
}
