package io.mqttools.it.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.security.AuthExchange;
import io.mqttools.broker.security.AuthStep;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.protocol.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Enhanced authentication (4.12) with the HiveMQ client's own AUTH implementation. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Mqtt5EnhancedAuthHiveMqIT {
    private static final String METHOD = "TOY-CHALLENGE";

    /** Broker side: sends a nonce, expects nonce + ":" + secret back. */
    private static final class ToyAuthenticator implements Authenticator {
        private final AtomicInteger nonces = new AtomicInteger();

        @Override
        public boolean authenticate(String clientId, String username, Bytes password) {
            return false;
        }

        @Override
        public AuthExchange startExchange(String clientId, String username, String method) {
            if (!METHOD.equals(method)) {
                return null;
            }
            String nonce = "n" + nonces.incrementAndGet();
            return new AuthExchange() {
                private boolean challenged;

                @Override
                public AuthStep respond(Bytes clientData) {
                    if (!challenged) {
                        challenged = true;
                        return AuthStep.challenge(Bytes.utf8(nonce));
                    }
                    return clientData != null && clientData.asUtf8().equals(nonce + ":secret")
                            ? AuthStep.success(Bytes.utf8("welcome")) : AuthStep.failure();
                }
            };
        }
    }

    /** Client side: answers each nonce with the configured secret. */
    private static final class ToyMechanism implements Mqtt5EnhancedAuthMechanism {
        private final String secret;
        final AtomicReference<String> successData = new AtomicReference<>();
        final AtomicInteger reauthentications = new AtomicInteger();

        ToyMechanism(String secret) {
            this.secret = secret;
        }

        @Override
        public MqttUtf8String getMethod() {
            return MqttUtf8String.of(METHOD);
        }

        @Override
        public int getTimeout() {
            return 10;
        }

        @Override
        public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
                                              Mqtt5EnhancedAuthBuilder builder) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder builder) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder builder) {
            String nonce = StandardCharsets.UTF_8.decode(auth.getData().orElseThrow()).toString();
            builder.data((nonce + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            connAck.getEnhancedAuth().flatMap(a -> a.getData())
                    .ifPresent(d -> successData.set(StandardCharsets.UTF_8.decode(d).toString()));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
            reauthentications.incrementAndGet();
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        }

        @Override
        public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
        }

        @Override
        public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        @Override
        public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
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

    private Mqtt5BlockingClient client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
    }

    @Test
    void challengeResponse_rightSecret_connectedAndReauthenticates() throws Exception {
        ToyMechanism mechanism = new ToyMechanism("secret");
        Mqtt5BlockingClient c = client("auth-ok");
        Mqtt5ConnAck ack = c.connectWith().enhancedAuth(mechanism).send();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(mechanism.successData.get()).isEqualTo("welcome");
        c.toAsync().reauth().get(10, TimeUnit.SECONDS); // AUTH 0x19 → challenge → AUTH 0x00
        assertThat(mechanism.reauthentications.get()).isEqualTo(1);
        assertThat(c.getState().isConnected()).isTrue();
        c.disconnect();
    }

    @Test
    void challengeResponse_wrongSecret_connAck0x87() {
        Mqtt5BlockingClient c = client("auth-bad");
        assertThatThrownBy(() -> c.connectWith().enhancedAuth(new ToyMechanism("guess")).send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void simpleCredentials_refusedByThisAuthenticator_connAck0x86() {
        Mqtt5BlockingClient c = client("plain");
        assertThatThrownBy(() -> c.connectWith().simpleAuth().username("u").password(ByteBuffer.wrap(new byte[] {1}))
                .applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }
}
