package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.TlsConfig;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener, with certificates made by openssl at test time (a CA, a server and a client). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.ca(dir, "mqttools test CA");
        for (String name : List.of("server", "client")) {
            TestCertificates.signed(dir, name, "localhost");
        }
        TestCertificates.openssl(dir, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out",
                "client.p12", "-passout", "pass:test");
    }

    private static SSLSocket socket(int port, boolean withClientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
                keys.load(in, "test".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "test".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return s;
    }

    private static RunningBroker broker(boolean requireCertificate) {
        return Broker.builder().host("127.0.0.1").port(0)
                .tls(0, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"), requireCertificate)
                .build().start();
    }

    @Test
    void tls_connectOverSecurePort_connAckSuccess() throws Exception {
        try (RunningBroker b = broker(false); RawClient c = new RawClient(socket(b.securePort(), false),
                ProtocolVersion.MQTT_5)) {
            assertThat(b.securePort()).isPositive().isNotEqualTo(b.port());
            ConnAck ack = c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "tls", true, 60, null,
                    Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void tls_requireCertificate_clientWithCertificateAccepted() throws Exception {
        try (RunningBroker b = broker(true); RawClient c = new RawClient(socket(b.securePort(), true),
                ProtocolVersion.MQTT_3_1_1)) {
            ConnAck ack = c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_3_1_1, "tls", true, 60, null,
                    Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    /**
     * As mosquitto: a listener with a CA file but without require_certificate asks for no client certificate
     * at all (browsers cancel a WebSocket handshake that is asked for one); with require_certificate it asks.
     */
    @Test
    void tls_caFileWithoutRequireCertificate_noCertificateRequested() throws Exception {
        for (boolean require : new boolean[] {false, true}) {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
                keys.load(in, "test".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "test".toCharArray());
            javax.net.ssl.X509ExtendedKeyManager real = (javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            javax.net.ssl.X509ExtendedKeyManager recording = new javax.net.ssl.X509ExtendedKeyManager() {
                @Override
                public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                    return real.getClientAliases(keyType, issuers);
                }

                @Override
                public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
                                                java.net.Socket socket) {
                    asked.incrementAndGet(); // only called when the server sent a CertificateRequest
                    return real.chooseClientAlias(keyType, issuers, socket);
                }

                @Override
                public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                    return real.getServerAliases(keyType, issuers);
                }

                @Override
                public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                    return real.chooseServerAlias(keyType, issuers, socket);
                }

                @Override
                public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
                    return real.getCertificateChain(alias);
                }

                @Override
                public java.security.PrivateKey getPrivateKey(String alias) {
                    return real.getPrivateKey(alias);
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {recording}, new javax.net.ssl.TrustManager[] {trustAll()}, null);
            try (RunningBroker b = broker(require);
                 SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", b.securePort());
                 RawClient c = new RawClient(s, ProtocolVersion.MQTT_5)) {
                s.startHandshake();
                assertThat(c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "ask", true, 60, null,
                        Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
            assertThat(asked.get()).as("client certificate requested with require_certificate %s", require)
                    .isEqualTo(require ? 1 : 0);
        }
    }

    @Test
    void tls_requireCertificate_clientWithoutCertificateRefused() throws Exception {
        try (RunningBroker b = broker(true)) {
            assertThatThrownBy(() -> {
                try (RawClient c = new RawClient(socket(b.securePort(), false), ProtocolVersion.MQTT_3_1_1)) {
                    c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_3_1_1, "tls", true, 60, null,
                            Properties.EMPTY));
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void secureWebSocket_tlsThenUpgrade_connAckSuccess() throws Exception {
        TlsConfig tls = new TlsConfig(dir.resolve("ca.pem"), null, dir.resolve("server.pem"), dir.resolve("server.key"),
                false, null, false);
        try (RunningBroker b = Broker.builder().listener(new Listener("127.0.0.1", 0, Listener.Protocol.WEBSOCKETS, tls))
                .build().start();
             RawWebSocket ws = RawWebSocket.open(socket(b.port(Listener.Protocol.WEBSOCKETS, true), false))) {
            ws.sendBinary(RawWebSocket.encode(ProtocolVersion.MQTT_3_1_1, RawClient.connectPacket(
                    ProtocolVersion.MQTT_3_1_1, "wss", true, 60, null, Properties.EMPTY)));
            ConnAck ack = (ConnAck) ws.readPacket(ProtocolVersion.MQTT_3_1_1);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void useIdentityAsUsername_certificateCnReplacesTheUserName() throws Exception {
        TlsConfig tls = new TlsConfig(dir.resolve("ca.pem"), null, dir.resolve("server.pem"), dir.resolve("server.key"),
                true, null, true);
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RunningBroker b = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0))
                .listener(new Listener("127.0.0.1", 0, Listener.Protocol.MQTT, tls))
                .authenticator((clientId, username, password) -> seen.add(clientId + "=" + username))
                .build().start()) {
            try (RawClient c = new RawClient(socket(b.securePort(), true), ProtocolVersion.MQTT_5)) {
                // the client claims to be "admin"; its certificate says CN=localhost
                ConnAck ack = c.connect(new io.mqttools.protocol.packet.Connect(ProtocolVersion.MQTT_5, "cert", true, 60,
                        "admin", io.mqttools.protocol.Bytes.utf8("pw"), null, Properties.EMPTY));
                assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
            try (RawClient c = new RawClient(b.port(), ProtocolVersion.MQTT_5)) { // the plain listener keeps it
                c.connect(new io.mqttools.protocol.packet.Connect(ProtocolVersion.MQTT_5, "plain", true, 60,
                        "admin", io.mqttools.protocol.Bytes.utf8("pw"), null, Properties.EMPTY));
            }
            assertThat(seen).containsExactly("cert=localhost", "plain=admin");
        }
    }

    @Test
    void tls_caPathAndRequiredCertificate_clientWithCertificateAccepted() throws Exception {
        Path caPath = Files.createDirectories(dir.resolve("capath"));
        Files.copy(dir.resolve("ca.pem"), caPath.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TlsConfig tls = new TlsConfig(null, caPath, dir.resolve("server.pem"), dir.resolve("server.key"), true, null,
                false);
        try (RunningBroker b = Broker.builder().listener(new Listener("127.0.0.1", 0, Listener.Protocol.MQTT, tls))
                .build().start();
             RawClient c = new RawClient(socket(b.securePort(), true), ProtocolVersion.MQTT_5)) {
            ConnAck ack = c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "capath", true, 60, null,
                    Properties.EMPTY));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void tls_versionTls13_tls12ClientRefused() throws Exception {
        TlsConfig tls = new TlsConfig(dir.resolve("ca.pem"), null, dir.resolve("server.pem"), dir.resolve("server.key"),
                false, "tlsv1.3", false);
        try (RunningBroker b = Broker.builder().listener(new Listener("127.0.0.1", 0, Listener.Protocol.MQTT, tls))
                .build().start()) {
            SSLContext ctx = SSLContext.getInstance("TLSv1.2");
            ctx.init(null, new javax.net.ssl.TrustManager[] {trustAll()}, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", b.securePort())) {
                s.setEnabledProtocols(new String[] {"TLSv1.2"});
                assertThatThrownBy(s::startHandshake).isInstanceOf(IOException.class);
            }
            try (RawClient c = new RawClient(socket(b.securePort(), false), ProtocolVersion.MQTT_5)) {
                assertThat(c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "v13", true, 60, null,
                        Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
        }
    }

    private static javax.net.ssl.X509TrustManager trustAll() {
        return new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
    }

    @Test
    void tls_missingKeyFile_errorNamesTheFile() {
        Path missing = dir.resolve("nope.key");
        assertThatThrownBy(() -> Broker.builder().host("127.0.0.1").port(0)
                .tls(0, dir.resolve("ca.pem"), dir.resolve("server.pem"), missing, false).build().start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void tls_certificateFileNotPem_errorNamesTheFile() {
        Path key = dir.resolve("server.key");
        assertThatThrownBy(() -> Broker.builder().host("127.0.0.1").port(0)
                .tls(0, dir.resolve("ca.pem"), key, key, false).build().start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate file " + key);
    }
}
