package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.broker.security.ScramCredential;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM-SHA-256 over CONNECT/AUTH against the file-backed authenticator, byte-level, good and broken exchanges. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScramIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final String METHOD = "SCRAM-SHA-256";

    @TempDir
    Path dir;
    private RunningBroker broker;

    @BeforeEach
    void start() throws Exception {
        Path scram = dir.resolve("scram");
        Files.writeString(scram, "alice:" + ScramCredential.create("wonderland", new SecureRandom()).encoded() + "\n");
        broker = Broker.builder().host("127.0.0.1").port(0)
                .security(new SecurityConfig(false, null, null, scram)).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** The client's side of SCRAM-SHA-256, written from RFC 5802 for this test. */
    private static final class Scram {
        final String clientFirstBare;
        final String password;
        String serverFirst;
        String nonce;
        byte[] saltedPassword;
        String authMessage;

        Scram(String user, String password) {
            this.clientFirstBare = "n=" + user + ",r=" + "cnonce" + System.nanoTime();
            this.password = password;
        }

        String clientFirst() {
            return "n,," + clientFirstBare;
        }

        String clientFinal(String serverFirstMessage) throws Exception {
            serverFirst = serverFirstMessage;
            String[] attrs = serverFirst.split(",");
            nonce = attrs[0].substring(2);
            byte[] salt = Base64.getDecoder().decode(attrs[1].substring(2));
            int iterations = Integer.parseInt(attrs[2].substring(2));
            saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            String withoutProof = "c=biws,r=" + nonce;
            authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
            for (int i = 0; i < clientKey.length; i++) {
                clientKey[i] ^= signature[i];
            }
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(clientKey);
        }

        String expectedServerFinal() throws Exception {
            return "v=" + Base64.getEncoder().encodeToString(hmac(hmac(saltedPassword, "Server Key"), authMessage));
        }

        static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Properties auth(String method, String data) {
        Properties.Builder b = Properties.builder().set(PropertyId.AUTHENTICATION_METHOD, method);
        if (data != null) {
            b.set(PropertyId.AUTHENTICATION_DATA, Bytes.utf8(data));
        }
        return b.build();
    }

    private static String data(Auth a) {
        return a.properties().getBytes(PropertyId.AUTHENTICATION_DATA).asUtf8();
    }

    private static Connect connect(String user, Properties properties) {
        return new Connect(V5, "c", true, 60, user, null, null, properties);
    }

    /** CONNECT with the client-first-message; returns the server-first-message. */
    private static String begin(RawClient c, Scram s, String user) throws Exception {
        c.send(connect(user, auth(METHOD, s.clientFirst())));
        Auth challenge = c.readUntil(Auth.class);
        assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
        assertThat(challenge.properties().getString(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD); // [MQTT-4.12.0-5]
        return data(challenge);
    }

    private static ConnAck login(RawClient c, Scram s) throws Exception {
        String serverFirst = begin(c, s, "alice");
        c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, s.clientFinal(serverFirst))));
        return c.readUntil(ConnAck.class);
    }

    @Test
    void connect_rightPassword_connAckWithServerSignature() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Scram s = new Scram("alice", "wonderland");
            ConnAck ack = login(c, s);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(ack.properties().getString(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            assertThat(ack.properties().getBytes(PropertyId.AUTHENTICATION_DATA).asUtf8()).isEqualTo(s.expectedServerFinal());
            c.send(PingReq.INSTANCE);
            assertThat(c.readUntil(PingResp.class)).isNotNull();
        }
    }

    @Test
    void connect_wrongPassword_connAck0x87AndClosed() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = login(c, new Scram("alice", "looking-glass"));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(ack.properties().getString(PropertyId.REASON_STRING)).contains("wrong user name or password");
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_unknownUser_challengedThenConnAck0x87() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Scram s = new Scram("mallory", "x");
            String serverFirst = begin(c, s, "mallory");
            assertThat(serverFirst).contains(",s=").endsWith(",i=4096"); // looks like a real user's
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, s.clientFinal(serverFirst))));
            assertThat(c.readUntil(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void connect_wrongNonceInClientFinal_connAck0x87() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Scram s = new Scram("alice", "wonderland");
            String serverFirst = begin(c, s, "alice");
            String forged = s.clientFinal(serverFirst).replace(s.nonce, s.nonce + "X");
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, forged)));
            ConnAck ack = c.readUntil(ConnAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(ack.properties().getString(PropertyId.REASON_STRING)).contains("wrong nonce");
        }
    }

    @Test
    void connect_malformedClientFirst_connAck0x87WithReason() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.send(connect("alice", auth(METHOD, "garbage")));
            ConnAck ack = c.readUntil(ConnAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(ack.properties().getString(PropertyId.REASON_STRING)).contains("malformed client-first-message");
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_scramUserNotConnectUser_connAck0x87() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.send(connect("bob", auth(METHOD, new Scram("alice", "wonderland").clientFirst())));
            ConnAck ack = c.readUntil(ConnAck.class);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(ack.properties().getString(PropertyId.REASON_STRING)).contains("CONNECT's User Name");
        }
    }

    @Test
    void connect_otherMethod_connAck0x8C() throws Exception {
        // [MQTT-4.12.0-1]
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(connect("alice", auth("SCRAM-SHA-1", "n,,n=alice,r=x")));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_authWithAnotherMethodMidExchange_connAck0x82() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Scram s = new Scram("alice", "wonderland");
            String serverFirst = begin(c, s, "alice");
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("SCRAM-SHA-1", s.clientFinal(serverFirst))));
            assertThat(c.readUntil(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void authBeforeConnect_raw_closedWithoutAnswer() throws Exception {
        // [MQTT-3.1.0-1] AUTH 0x19 with method "SCRAM-SHA-256" as the first packet
        try (RawClient c = new RawClient(broker.port(), V5)) {
            byte[] method = METHOD.getBytes(StandardCharsets.US_ASCII);
            byte[] packet = new byte[6 + method.length];
            packet[0] = (byte) 0xF0;
            packet[1] = (byte) (4 + method.length);
            packet[2] = 0x19;
            packet[3] = (byte) (3 + method.length);
            packet[4] = 0x15;
            packet[5] = 0;
            byte[] full = new byte[packet.length + 1];
            System.arraycopy(packet, 0, full, 0, 6);
            full[6] = (byte) method.length;
            System.arraycopy(method, 0, full, 7, method.length);
            full[1] = (byte) (full.length - 2);
            full[3] = (byte) (full.length - 4);
            c.sendRaw(full);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void continueAfterSuccess_disconnect0x82() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            Scram s = new Scram("alice", "wonderland");
            assertThat(login(c, s).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, s.clientFinal(s.serverFirst))));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void reauthenticate_rightPassword_auth0x00WithSignature() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(login(c, new Scram("alice", "wonderland")).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            Scram again = new Scram("alice", "wonderland");
            c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth(METHOD, again.clientFirst())));
            Auth challenge = c.readUntil(Auth.class);
            assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, again.clientFinal(data(challenge)))));
            Auth done = c.readUntil(Auth.class);
            assertThat(done.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(data(done)).isEqualTo(again.expectedServerFinal());
            c.send(PingReq.INSTANCE);
            assertThat(c.readUntil(PingResp.class)).isNotNull();
        }
    }

    @Test
    void reauthenticate_wrongPassword_disconnect0x87() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            login(c, new Scram("alice", "wonderland"));
            Scram again = new Scram("alice", "guess");
            c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth(METHOD, again.clientFirst())));
            Auth challenge = c.readUntil(Auth.class);
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, again.clientFinal(data(challenge)))));
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void reauthenticate_anotherUser_disconnect0x87() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            login(c, new Scram("alice", "wonderland"));
            c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth(METHOD, new Scram("bob", "x").clientFirst())));
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void connect_withoutMethod_refusedAsAnonymousIsOff() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(c.connect(connect(null, Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }
}
