package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP's certificate reload: new TLS connections get the new certificate, live ones go on, a bad file changes nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsReloadIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.ca(dir, "mqttools reload CA");
        for (String name : List.of("first", "second")) {
            TestCertificates.signed(dir, name, name);
        }
    }

    private static void install(String name) throws Exception {
        Files.copy(dir.resolve(name + ".pem"), dir.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve(name + ".key"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static SSLSocket socket(int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return s;
    }

    private static String serverName(SSLSocket s) throws Exception {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static RawClient connected(SSLSocket s, String id) throws Exception {
        RawClient c = new RawClient(s, ProtocolVersion.MQTT_5);
        assertThat(c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, id, true, 60, null, Properties.EMPTY))
                .reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return c;
    }

    @Test
    void reloadSecurity_certificateSwapped_newConnectionsGetItLiveOnesGoOn() throws Exception {
        install("first");
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0)
                .tls(0, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"), false)
                .build().start()) {
            SSLSocket before = socket(b.securePort());
            assertThat(serverName(before)).isEqualTo("CN=first");
            try (RawClient live = connected(before, "live")) {
                install("second");
                assertThat(b.reloadSecurity()).isEmpty();

                SSLSocket after = socket(b.securePort());
                assertThat(serverName(after)).isEqualTo("CN=second");
                try (RawClient fresh = connected(after, "fresh")) {
                    fresh.send(PingReq.INSTANCE);
                    assertThat(fresh.readUntil(PingResp.class)).isNotNull();
                }
                live.send(PingReq.INSTANCE); // the live connection was not touched
                assertThat(live.readUntil(PingResp.class)).isNotNull();
                assertThat(serverName(before)).isEqualTo("CN=first");

                // a broken certificate file: the reload says so, naming the file, and the last good one stays
                Files.writeString(dir.resolve("server.pem"), "not a certificate\n");
                List<String> problems = b.reloadSecurity();
                assertThat(problems).hasSize(1);
                assertThat(problems.get(0)).contains(dir.resolve("server.pem").toString());
                SSLSocket third = socket(b.securePort());
                assertThat(serverName(third)).isEqualTo("CN=second");
                third.close();
                live.send(PingReq.INSTANCE);
                assertThat(live.readUntil(PingResp.class)).isNotNull();
            }
        }
    }

    @Test
    void reloadSecurity_keyOfAnotherCertificate_refusedAndOldContextKept() throws Exception {
        install("first");
        try (RunningBroker b = Broker.builder().host("127.0.0.1").port(0)
                .tls(0, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"), false)
                .build().start()) {
            Files.copy(dir.resolve("second.key"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
            List<String> problems = b.reloadSecurity();
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).contains("key file " + dir.resolve("server.key"));
            try (SSLSocket s = socket(b.securePort())) {
                assertThat(serverName(s)).isEqualTo("CN=first");
            }
        }
    }
}
