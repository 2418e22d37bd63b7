package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.TlsConfig;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners behind a load balancer: a PROXY protocol header (v1 or v2) before the MQTT, TLS or HTTP
 * bytes. No MQTT client sends such headers, so the peer is a raw socket playing the load balancer.
 * The recorded client address is checked in {@code transport.ProxyProtocolTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyProtocolIT {
    private static final byte[] V2_TCP4 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
            0x21, 0x11, 0x00, 0x0C, (byte) 192, 0, 2, 7, 127, 0, 0, 1, (byte) 0x9C, 0x40, 0x07, 0x5B};

    @TempDir
    Path dir;

    private static byte[] v1(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static RunningBroker proxied() {
        return Broker.builder().listener(Listener.mqtt("127.0.0.1", 0).withProxyProtocol(true)).build().start();
    }

    /** Writes the header as a load balancer would, then talks MQTT on the same socket. */
    private static ConnAck connectAfter(Socket socket, byte[] header, String clientId) throws IOException {
        RawClient c = new RawClient(socket, ProtocolVersion.MQTT_5);
        c.sendRaw(header);
        return c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, clientId, true, 60, null, Properties.EMPTY));
    }

    /** The broker closed the connection (end of stream or reset) rather than answer or wait. */
    private static void assertClosedWithoutAnswer(RawClient c) {
        Throwable t = catchThrowable(c::read);
        assertThat(t).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void v1Tcp4AndTcp6Headers_thenConnect_connAckSuccess() throws Exception {
        try (RunningBroker b = proxied()) {
            try (Socket s = new Socket("127.0.0.1", b.port())) {
                assertThat(connectAfter(s, v1("PROXY TCP4 192.0.2.7 127.0.0.1 40000 " + b.port()), "v1-4").reasonCode())
                        .isEqualTo(ReasonCode.SUCCESS);
            }
            try (Socket s = new Socket("127.0.0.1", b.port())) {
                assertThat(connectAfter(s, v1("PROXY TCP6 2001:db8::7 2001:db8::1 40001 1883"), "v1-6").reasonCode())
                        .isEqualTo(ReasonCode.SUCCESS);
            }
            try (Socket s = new Socket("127.0.0.1", b.port())) { // the load balancer's own health check
                assertThat(connectAfter(s, v1("PROXY UNKNOWN"), "v1-unknown").reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
        }
    }

    @Test
    void v2Header_thenConnect_connAckSuccess() throws Exception {
        try (RunningBroker b = proxied(); Socket s = new Socket("127.0.0.1", b.port())) {
            assertThat(connectAfter(s, V2_TCP4, "v2").reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void headerSplitAcrossSegments_connAckSuccess() throws Exception {
        try (RunningBroker b = proxied(); Socket s = new Socket("127.0.0.1", b.port())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (byte x : v1("PROXY TCP4 192.0.2.7 127.0.0.1 40000 1883")) { // one write (segment) per byte
                out.write(x);
                out.flush();
            }
            assertThat(connectAfter(s, new byte[0], "split").reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void noHeaderOnProxyListener_closedWithoutConnAck() throws Exception {
        try (RunningBroker b = proxied(); RawClient c = new RawClient(b.port(), ProtocolVersion.MQTT_5)) {
            c.send(RawClient.connectPacket(ProtocolVersion.MQTT_5, "direct", true, 60, null, Properties.EMPTY));
            assertClosedWithoutAnswer(c);
        }
    }

    @Test
    void headerOnPlainListener_malformedFirstPacketClosed() throws Exception {
        try (RunningBroker b = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0)).build().start()) {
            for (byte[] header : List.of(v1("PROXY TCP4 192.0.2.7 127.0.0.1 40000 1883"), V2_TCP4)) {
                try (RawClient c = new RawClient(b.port(), ProtocolVersion.MQTT_5)) {
                    c.sendRaw(header);
                    c.send(RawClient.connectPacket(ProtocolVersion.MQTT_5, "lost", true, 60, null, Properties.EMPTY));
                    assertClosedWithoutAnswer(c);
                }
            }
        }
    }

    @Test
    void proxyAndTls_headerBeforeHandshake_connAckSuccess() throws Exception {
        assertThat(new File("/usr/bin/openssl")).as("openssl is needed to make a test certificate").exists();
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", "server.key", "-out", "server.pem", "-days", "2", "-subj", "/CN=localhost")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(log).isZero();
        TlsConfig tls = new TlsConfig(null, null, dir.resolve("server.pem"), dir.resolve("server.key"), false, null,
                false);
        try (RunningBroker b = Broker.builder()
                .listener(new Listener("127.0.0.1", 0, Listener.Protocol.MQTT, tls, true)).build().start();
             Socket plain = new Socket("127.0.0.1", b.securePort())) {
            plain.getOutputStream().write(V2_TCP4); // in clear, before the ClientHello
            plain.getOutputStream().flush();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustAll()}, null);
            SSLSocket secure = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", b.securePort(), true);
            secure.startHandshake();
            try (RawClient c = new RawClient(secure, ProtocolVersion.MQTT_5)) {
                assertThat(c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "tls", true, 60, null,
                        Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
        }
    }

    @Test
    void proxyAndWebSockets_headerBeforeUpgrade_connAckSuccess() throws Exception {
        try (RunningBroker b = Broker.builder()
                .listener(Listener.websockets("127.0.0.1", 0).withProxyProtocol(true)).build().start()) {
            Socket s = new Socket("127.0.0.1", b.port(Listener.Protocol.WEBSOCKETS, false));
            s.getOutputStream().write(v1("PROXY TCP4 192.0.2.7 127.0.0.1 40000 1883"));
            try (RawWebSocket ws = RawWebSocket.open(s)) {
                ws.sendBinary(RawWebSocket.encode(ProtocolVersion.MQTT_3_1_1, RawClient.connectPacket(
                        ProtocolVersion.MQTT_3_1_1, "ws", true, 60, null, Properties.EMPTY)));
                ConnAck ack = (ConnAck) ws.readPacket(ProtocolVersion.MQTT_3_1_1);
                assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            }
        }
    }

    private static X509TrustManager trustAll() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
