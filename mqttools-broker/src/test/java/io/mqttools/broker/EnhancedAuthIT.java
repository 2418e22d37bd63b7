package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.security.AuthExchange;
import io.mqttools.broker.security.AuthStep;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.Publish;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Enhanced authentication (4.12): AUTH exchanges at CONNECT and re-authentication, byte-level. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EnhancedAuthIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final String METHOD = "TOY-CHALLENGE";

    /** A toy method: the server sends a nonce, the client must answer nonce + ":" + its user name. */
    private static final class ToyAuthenticator implements Authenticator {
        private int nonces;

        @Override
        public boolean authenticate(String clientId, String username, Bytes password) {
            return "plain".equals(username); // the simple check, for CONNECTs without a method
        }

        @Override
        public synchronized AuthExchange startExchange(String clientId, String username, String method) {
            if (!METHOD.equals(method)) {
                return null;
            }
            String nonce = "n" + (++nonces);
            return new AuthExchange() {
                private boolean challenged;

                @Override
                public AuthStep respond(Bytes clientData) {
                    if (!challenged) {
                        challenged = true;
                        return AuthStep.challenge(Bytes.utf8(nonce));
                    }
                    return clientData != null && clientData.asUtf8().equals(nonce + ":" + username)
                            ? AuthStep.success(Bytes.utf8("welcome")) : AuthStep.failure();
                }
            };
        }
    }

    private RunningBroker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().host("127.0.0.1").port(0).authenticator(new ToyAuthenticator()).build().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static Properties auth(String method, String data) {
        Properties.Builder b = Properties.builder().set(PropertyId.AUTHENTICATION_METHOD, method);
        if (data != null) {
            b.set(PropertyId.AUTHENTICATION_DATA, Bytes.utf8(data));
        }
        return b.build();
    }

    private static Connect connect(String user, Properties properties) {
        return new Connect(V5, "c", true, 60, user, null, null, properties);
    }

    /** Connects with the toy method and answers the challenge; returns the CONNACK. */
    private static ConnAck authenticate(RawClient c, String user, boolean answerRight) throws Exception {
        c.send(connect(user, auth(METHOD, null)));
        Auth challenge = c.readUntil(Auth.class);
        assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
        assertThat(challenge.properties().getString(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
        String nonce = challenge.properties().getBytes(PropertyId.AUTHENTICATION_DATA).asUtf8();
        c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, answerRight ? nonce + ":" + user : "wrong")));
        return c.readUntil(ConnAck.class);
    }

    @Test
    void connect_challengeAnswered_connAckWithMethodAndData() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = authenticate(c, "alice", true);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(ack.properties().getString(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            assertThat(ack.properties().getBytes(PropertyId.AUTHENTICATION_DATA).asUtf8()).isEqualTo("welcome");
            c.subscribe(1, "t", QoS.AT_MOST_ONCE);
            c.send(Publish.of("t", Bytes.utf8("in")));
            assertThat(c.readUntil(Publish.class).payload().asUtf8()).isEqualTo("in");
        }
    }

    @Test
    void connect_wrongAnswer_connAck0x87AndClosed() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = authenticate(c, "alice", false);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_unsupportedMethod_connAck0x8C() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            ConnAck ack = c.connect(connect("alice", auth("SCRAM-SHA-256", "x")));
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_withoutMethod_simpleCheckStillApplies() throws Exception {
        try (RawClient ok = new RawClient(broker.port(), V5); RawClient bad = new RawClient(broker.port(), V5)) {
            assertThat(ok.connect(connect("plain", Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(bad.connect(new Connect(V5, "d", true, 60, "other", null, null, Properties.EMPTY)).reasonCode())
                    .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    void connect_authWithAnotherMethod_connAck0x82() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.send(connect("alice", auth(METHOD, null)));
            c.readUntil(Auth.class);
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("OTHER", "x")));
            assertThat(c.readUntil(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void connect_otherPacketDuringExchange_connAck0x82() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            c.send(connect("alice", auth(METHOD, null)));
            c.readUntil(Auth.class);
            c.send(PingReq.INSTANCE);
            assertThat(c.readUntil(ConnAck.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void reauthenticate_answered_auth0x00AndConnectionGoesOn() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(authenticate(c, "bob", true).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth(METHOD, null)));
            Auth challenge = c.readUntil(Auth.class);
            assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
            String nonce = challenge.properties().getBytes(PropertyId.AUTHENTICATION_DATA).asUtf8();
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, nonce + ":bob")));
            Auth done = c.readUntil(Auth.class);
            assertThat(done.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(done.properties().getString(PropertyId.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            c.send(PingReq.INSTANCE);
            assertThat(c.readUntil(PingResp.class)).isNotNull();
        }
    }

    @Test
    void reauthenticate_wrongAnswer_disconnect0x87() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            authenticate(c, "bob", true);
            c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth(METHOD, null)));
            c.readUntil(Auth.class);
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, "wrong")));
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void reauthenticate_connectionWithoutMethod_disconnect0x82() throws Exception {
        // [MQTT-4.12.0-7] a client that connected without an Authentication Method must not send AUTH
        try (RawClient c = new RawClient(broker.port(), V5)) {
            assertThat(c.connect(connect("plain", Properties.EMPTY)).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth(METHOD, null)));
            Disconnect d = c.readUntil(Disconnect.class);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void continueAuthentication_withNoExchange_disconnect0x82() throws Exception {
        try (RawClient c = new RawClient(broker.port(), V5)) {
            authenticate(c, "bob", true);
            c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth(METHOD, "x")));
            assertThat(c.readUntil(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        }
    }
}
