package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM-SHA-256 server side against RFC 7677 section 3's example, and its broken variants. */
class ScramExchangeTest {
    // RFC 7677 section 3: user "user", password "pencil"
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;
    private static final String SERVER_FIRST = "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    private static final ScramCredential PENCIL =
            ScramCredential.derive("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    @TempDir
    Path dir;

    private static ScramExchange exchange(String connectUser) {
        return new ScramExchange(Map.of("user", PENCIL)::get, connectUser, () -> SERVER_NONCE, new byte[32]);
    }

    private static AuthStep step(ScramExchange e, String data) {
        return e.respond(Bytes.utf8(data));
    }

    @Test
    void respond_rfc7677Example_givesTheRfcsMessages() {
        ScramExchange e = exchange("user");
        AuthStep first = step(e, CLIENT_FIRST);
        assertThat(first.outcome()).isEqualTo(AuthStep.Outcome.CONTINUE);
        assertThat(first.serverData().asUtf8()).isEqualTo(SERVER_FIRST);
        AuthStep last = step(e, CLIENT_FINAL);
        assertThat(last.outcome()).isEqualTo(AuthStep.Outcome.SUCCESS);
        assertThat(last.serverData().asUtf8()).isEqualTo(SERVER_FINAL);
        assertThat(step(e, CLIENT_FINAL).outcome()).isEqualTo(AuthStep.Outcome.FAILURE); // over: no replay
    }

    @Test
    void respond_wrongProof_fails() {
        ScramExchange e = exchange("user");
        step(e, CLIENT_FIRST);
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        proof[0] ^= 1;
        AuthStep last = step(e, "c=biws,r=" + NONCE + ",p=" + Base64.getEncoder().encodeToString(proof));
        assertThat(last.outcome()).isEqualTo(AuthStep.Outcome.FAILURE);
        assertThat(last.reason()).isEqualTo("wrong user name or password");
    }

    @Test
    void respond_wrongNonce_fails() {
        ScramExchange e = exchange("user");
        step(e, CLIENT_FIRST);
        AuthStep last = step(e, CLIENT_FINAL.replace(SERVER_NONCE, "other"));
        assertThat(last.outcome()).isEqualTo(AuthStep.Outcome.FAILURE);
        assertThat(last.reason()).contains("nonce");
    }

    @Test
    void respond_unknownUser_challengedAlikeThenFails() {
        ScramExchange e = new ScramExchange(Map.<String, ScramCredential>of()::get, "user", () -> SERVER_NONCE, new byte[32]);
        AuthStep first = step(e, CLIENT_FIRST);
        assertThat(first.outcome()).isEqualTo(AuthStep.Outcome.CONTINUE);
        assertThat(first.serverData().asUtf8()).startsWith("r=" + NONCE + ",s=").endsWith(",i=4096");
        AuthStep last = step(e, CLIENT_FINAL);
        assertThat(last.outcome()).isEqualTo(AuthStep.Outcome.FAILURE);
        assertThat(last.reason()).isEqualTo("wrong user name or password");
    }

    @Test
    void respond_channelBindingRequested_fails() {
        AuthStep s = step(exchange("user"), "p=tls-unique,,n=user,r=abc");
        assertThat(s.outcome()).isEqualTo(AuthStep.Outcome.FAILURE);
        assertThat(s.reason()).contains("channel binding is not supported");
    }

    @Test
    void respond_clientSupportsBindingButNotAdvertised_acceptsY() {
        ScramExchange e = exchange("user");
        assertThat(step(e, "y,,n=user,r=rOprNGfwEbeRWgbNEkqO").outcome()).isEqualTo(AuthStep.Outcome.CONTINUE);
        // c= must repeat "y,," (eSws), not "n,,"
        assertThat(step(e, CLIENT_FINAL).reason()).contains("channel binding does not repeat");
    }

    @Test
    void respond_userOtherThanConnects_fails() {
        assertThat(step(exchange("alice"), CLIENT_FIRST).reason()).contains("CONNECT's User Name");
        assertThat(step(exchange(null), CLIENT_FIRST).reason()).contains("CONNECT's User Name");
    }

    @Test
    void respond_malformedMessages_failWithReason() {
        assertThat(step(exchange("user"), "n=user,r=abc").reason()).contains("malformed client-first-message");
        assertThat(step(exchange("user"), "x,,n=user,r=abc").reason()).contains("channel binding flag");
        assertThat(step(exchange("user"), "n,,r=abc").reason()).contains("expected n=user,r=nonce");
        assertThat(step(exchange("user"), "n,,n=us=er,r=abc").reason()).contains("'=' not followed");
        assertThat(step(exchange("user"), "n,,m=ext,n=user,r=abc").reason()).contains("mandatory extensions");
        assertThat(step(exchange("user"), "n,a=other,n=user,r=abc").reason()).contains("authorization identity");
        assertThat(exchange("user").respond(null).reason()).contains("needs Authentication Data");
        ScramExchange e = exchange("user");
        step(e, CLIENT_FIRST);
        assertThat(step(e, "c=biws,r=" + NONCE).reason()).contains("no proof");
        ScramExchange f = exchange("user");
        step(f, CLIENT_FIRST);
        assertThat(step(f, "c=biws,r=" + NONCE + ",p=AAAA").reason()).contains("proof has 3 bytes");
    }

    @Test
    void respond_escapedUserName_decoded() {
        ScramExchange e = new ScramExchange(Map.<String, ScramCredential>of()::get, "a,b=c", () -> "x", new byte[32]);
        assertThat(step(e, "n,,n=a=2Cb=3Dc,r=abc").outcome()).isEqualTo(AuthStep.Outcome.CONTINUE);
    }

    @Test
    void credential_encodedThenParsed_sameKeys() {
        ScramCredential c = ScramCredential.create("pw", new SecureRandom());
        ScramCredential back = ScramCredential.parse(c.encoded());
        assertThat(back.storedKey()).isEqualTo(c.storedKey());
        assertThat(back.serverKey()).isEqualTo(c.serverKey());
        assertThat(back.salt()).isEqualTo(c.salt());
        assertThat(back.iterations()).isEqualTo(4096);
        assertThat(c.encoded()).startsWith("SCRAM-SHA-256$4096:");
    }

    @Test
    void load_badLine_namesFileAndLineNotKeys() throws Exception {
        Path file = dir.resolve("scram");
        Files.writeString(file, "# users\nuser:" + PENCIL.encoded() + "\r\n\nbob:$7$101$abc$def\n");
        assertThatThrownBy(() -> ScramFile.load(file)).isInstanceOf(SecurityFileException.class)
                .hasMessageStartingWith(file + ":4: user bob: expected SCRAM-SHA-256$");
        Files.writeString(file, "user:" + PENCIL.encoded() + "\ncarol:SCRAM-SHA-256$0:AA==$AA==:AA==\n");
        assertThatThrownBy(() -> ScramFile.load(file)).hasMessageStartingWith(file + ":2: user carol: bad iteration count");
        Files.writeString(file, "user:" + PENCIL.encoded() + "\n");
        assertThat(ScramFile.load(file).credentialOf("user").storedKey()).isEqualTo(PENCIL.storedKey());
    }
}
