package io.mqttools.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.broker.security.AuthExchange;
import io.mqttools.broker.security.AuthStep;
import io.mqttools.broker.security.Authenticator;
import io.mqttools.broker.security.ScramCredential;
import io.mqttools.client.Client;
import io.mqttools.client.ConnectException;
import io.mqttools.client.Message;
import io.mqttools.it.support.ExternalTools;
import io.mqttools.it.support.ToolProcess;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCRAM-SHA-256 enhanced authentication between the broker, our client and an independent client: a
 * python3 script (src/test/resources/scram_client.py, standard library only, MQTT 5 packets by hand)
 * that also makes one of the broker's SCRAM credentials, so that the file format is checked against
 * another implementation too.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScramThirdPartyIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path python;
    private Path script;
    private RunningBroker broker;

    @BeforeEach
    void start() throws Exception {
        python = ExternalTools.program("python3", "python3");
        script = dir.resolve("scram_client.py");
        try (InputStream in = ScramThirdPartyIT.class.getResourceAsStream("/scram_client.py")) {
            assertThat(in).as("scram_client.py on the test classpath").isNotNull();
            Files.copy(in, script);
        }
        String bobByPython = run("credential", "builder").get(0);
        assertThat(bobByPython).startsWith("SCRAM-SHA-256$4096:");
        Path scram = dir.resolve("scram");
        Files.writeString(scram, "alice:" + ScramCredential.create("wonderland", new SecureRandom()).encoded() + "\n"
                + "bob:" + bobByPython + "\n");
        broker = Broker.builder().host("127.0.0.1").port(0)
                .security(new SecurityConfig(false, null, null, scram)).build().start();
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private List<String> run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(python.toString(), "-u", script.toString()));
        command.addAll(List.of(args));
        try (ToolProcess p = ToolProcess.start(command)) {
            assertThat(p.awaitExit(STEP)).as(p.describe()).isZero();
            return p.stdout();
        }
    }

    private List<String> python(String user, String password, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("connect", "127.0.0.1", Integer.toString(broker.port()),
                user, password));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void python_credentialMadeByJava_connectsVerifiesSignatureAndReauthenticates() throws Exception {
        assertThat(python("alice", "wonderland", "reauth")).containsExactly("CHALLENGE|r=", "CONNACK|0|",
                "SIGNATURE|ok", "CHALLENGE|r=", "REAUTH|15|0|ok", "PINGRESP|13", "DONE");
    }

    @Test
    void python_credentialMadeByPython_connects() throws Exception {
        assertThat(python("bob", "builder")).contains("CONNACK|0|", "SIGNATURE|ok", "DONE");
    }

    @Test
    void python_wrongPassword_connAck0x87() throws Exception {
        assertThat(python("alice", "looking-glass")).containsExactly("CHALLENGE|r=",
                "CONNACK|135|enhanced authentication failed: wrong user name or password");
    }

    @Test
    void ourClient_credentialMadeByPython_connectsAndExchangesMessages() throws Exception {
        try (Client c = Client.builder("127.0.0.1", broker.port()).scramSha256("bob", "builder")
                .connectDelays(List.of()).build()) {
            c.start();
            assertThat(c.subscribe("scram/t", QoS.AT_LEAST_ONCE)).isEqualTo(ReasonCode.GRANTED_QOS_1);
            c.publish(Message.of("scram/t", Bytes.utf8("hi"))).get(10, TimeUnit.SECONDS);
            assertThat(c.events().poll(10, TimeUnit.SECONDS)).isInstanceOf(Message.class)
                    .satisfies(e -> assertThat(((Message) e).payload().asUtf8()).isEqualTo("hi"));
        }
    }

    @Test
    void ourClient_reauthenticate_goesOnAndFailsAfterPasswordChange() throws Exception {
        try (Client c = Client.builder("127.0.0.1", broker.port()).scramSha256("bob", "builder")
                .connectDelays(List.of()).reconnectDelays(List.of()).build()) {
            c.start();
            c.reauthenticate(); // AUTH 0x19, 0x18 both ways, AUTH 0x00 with a signature that verifies
            assertThat(c.subscribe("scram/r", QoS.AT_MOST_ONCE)).isEqualTo(ReasonCode.GRANTED_QOS_0);
            c.reauthenticate();
            // bob's password changes; the next re-authentication with the old one is refused, the connection ends
            Path scram = dir.resolve("scram");
            Files.writeString(scram, Files.readString(scram).replaceAll("(?m)^bob:.*$",
                    java.util.regex.Matcher.quoteReplacement("bob:" + ScramCredential.create("new", new SecureRandom()).encoded())));
            assertThat(broker.reloadSecurity()).isEmpty();
            assertThatThrownBy(c::reauthenticate).isInstanceOf(ConnectException.class)
                    .satisfies(e -> assertThat(((ConnectException) e).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED))
                    .hasMessageContaining("wrong user name or password");
        }
    }

    @Test
    void ourClient_reauthenticateWithoutScram_illegalState() throws Exception {
        try (Client c = Client.builder("127.0.0.1", broker.port()).connectDelays(List.of()).build()) {
            assertThatThrownBy(c::reauthenticate).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void ourClient_wrongPassword_connectExceptionNotAuthorized() {
        Client c = Client.builder("127.0.0.1", broker.port()).scramSha256("alice", "nope").connectDelays(List.of()).build();
        assertThatThrownBy(c::start).isInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(((ConnectException) e).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED))
                .hasMessageContaining("wrong user name or password");
    }

    @Test
    void ourClient_brokerWithoutScram_connectExceptionBadMethod() {
        try (RunningBroker plain = Broker.builder().host("127.0.0.1").port(0).build().start()) {
            Client c = Client.builder("127.0.0.1", plain.port()).scramSha256("alice", "wonderland")
                    .connectDelays(List.of()).build();
            assertThatThrownBy(c::start).isInstanceOf(ConnectException.class).satisfies(e ->
                    assertThat(((ConnectException) e).reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD));
        }
    }

    @Test
    void ourClient_brokerWithForgedSignature_refusesTheBroker() {
        // a broker that lets anyone in and cannot know the credential: its server-final-message is made up
        Authenticator impostor = new Authenticator() {
            @Override
            public boolean authenticate(String clientId, String username, Bytes password) {
                return true;
            }

            @Override
            public AuthExchange startExchange(String clientId, String username, String method) {
                return new AuthExchange() {
                    private String nonce;

                    @Override
                    public AuthStep respond(Bytes clientData) {
                        if (nonce == null) {
                            nonce = clientData.asUtf8().split("r=")[1] + "srv";
                            return AuthStep.challenge(Bytes.utf8("r=" + nonce + ",s=AAAAAAAAAAAAAAAAAAAAAA==,i=4096"));
                        }
                        return AuthStep.success(Bytes.utf8("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
                    }
                };
            }
        };
        try (RunningBroker fake = Broker.builder().host("127.0.0.1").port(0).authenticator(impostor).build().start()) {
            Client c = Client.builder("127.0.0.1", fake.port()).scramSha256("alice", "wonderland")
                    .connectDelays(List.of()).build();
            assertThatThrownBy(c::start).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("did not prove it knows the SCRAM-SHA-256 credential");
        }
    }

}
