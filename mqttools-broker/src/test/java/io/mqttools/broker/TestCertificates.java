package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test certificates made by openssl in a directory: a CA, and keys and certificates it signed. */
final class TestCertificates {
    private static final String OPENSSL = "/usr/bin/openssl";

    private TestCertificates() {
    }

    /** {@code ca.key} and {@code ca.pem}, self-signed, with this common name. */
    static void ca(Path dir, String commonName) throws Exception {
        assertThat(new File(OPENSSL)).as("openssl is needed to make test certificates").exists();
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
                "2", "-subj", "/CN=" + commonName);
    }

    /** {@code NAME.key} and {@code NAME.pem}, signed by the CA of {@link #ca}. */
    static void signed(Path dir, String name, String commonName) throws Exception {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + commonName);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2");
    }

    /** Runs openssl in the directory; fails the test with its output when it fails. */
    static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
