package io.mqttools.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.FreePort;
import io.mqttools.it.support.ToolProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar end to end: {@code mqttools passwd --scram} writes the SCRAM file that {@code scram_file} names,
 * {@code mqttools subscribe/publish --scram} authenticate with it, an argon2id line from {@code mqttools
 * passwd -H argon2id} lets a plain user name and password in (Bouncy Castle shaded into the jar), and
 * SIGHUP makes the broker serve a swapped TLS certificate to new connections.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliScramAndTlsReloadIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private String jar;

    private List<String> mqttools(String... args) {
        List<String> command = new ArrayList<>(List.of(ExternalTools.java().toString(), "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ExternalTools.program("openssl", "openssl").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private String serverName(int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private void install(String name) throws Exception {
        Files.copy(dir.resolve(name + ".pem"), dir.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve(name + ".key"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void cli_scramClientsAndSighupCertificateReload() throws Exception {
        jar = System.getProperty("mqttools.jar");
        assertThat(jar).as("system property mqttools.jar (set by failsafe)").isNotNull();
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=mqttools cli CA");
        for (String name : List.of("first", "second")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2");
        }
        install("first");
        Path scram = dir.resolve("scram-users");
        try (ToolProcess passwd = ToolProcess.run(mqttools("passwd", "--scram", "-c", "-b", scram.toString(), "alice",
                "wonderland"), STEP)) {
            assertThat(passwd.awaitExit(STEP)).as(passwd.describe()).isZero();
        }
        Path passwords = dir.resolve("passwords");
        try (ToolProcess passwd = ToolProcess.run(mqttools("passwd", "-H", "argon2id", "-c", "-b", passwords.toString(),
                "carol", "argon"), STEP)) {
            assertThat(Files.readString(passwords)).startsWith("carol:$argon2id$v=19$");
        }
        int plain = FreePort.find();
        int secure = FreePort.find();
        Path conf = Files.writeString(dir.resolve("mqttools.conf"), "scram_file " + scram + "\npassword_file "
                + passwords + "\n"
                + "listener " + plain + " 127.0.0.1\n"
                + "listener " + secure + " 127.0.0.1\ncertfile " + dir.resolve("server.pem") + "\nkeyfile "
                + dir.resolve("server.key") + "\n");
        try (ToolProcess broker = ToolProcess.start(mqttools("broker", "-c", conf.toString()))) {
            broker.awaitAnyLine(l -> l.contains("listening on"), STEP);
            String port = Integer.toString(plain);
            try (ToolProcess sub = ToolProcess.start(mqttools("subscribe", "-p", port, "--scram", "-u", "alice",
                    "-P", "wonderland", "-C", "1", "scram/t"))) {
                sub.awaitStdoutLine("Connected."::equals, STEP);
                try (ToolProcess pub = ToolProcess.start(mqttools("publish", "-p", port, "--scram", "-u", "alice",
                        "-P", "wonderland", "scram/t", "over scram"))) {
                    assertThat(pub.awaitExit(STEP)).as(pub.describe()).isZero();
                }
                assertThat(sub.awaitExit(STEP)).as(sub.describe()).isZero();
                assertThat(sub.stdout()).contains("Message: over scram");
            }
            try (ToolProcess wrong = ToolProcess.start(mqttools("publish", "-p", port, "--scram", "-u", "alice",
                    "-P", "guess", "scram/t", "x"))) {
                assertThat(wrong.awaitExit(STEP)).as(wrong.describe()).isNotZero();
                assertThat(String.join("\n", wrong.stdout()) + String.join("\n", wrong.stderr()))
                        .contains("wrong user name or password");
            }

            try (ToolProcess argon = ToolProcess.start(mqttools("publish", "-p", port, "-u", "carol", "-P", "argon",
                    "argon/t", "x"));
                 ToolProcess wrong = ToolProcess.start(mqttools("publish", "-p", port, "-u", "carol", "-P", "Argon",
                    "argon/t", "x"))) {
                assertThat(argon.awaitExit(STEP)).as(argon.describe()).isZero();
                assertThat(wrong.awaitExit(STEP)).as(wrong.describe()).isNotZero();
            }

            assertThat(serverName(secure)).isEqualTo("CN=first");
            install("second");
            broker.signal("HUP");
            broker.awaitAnyLine(l -> l.contains("TLS certificates reloaded"), STEP);
            assertThat(serverName(secure)).isEqualTo("CN=second");
        }
    }
}
