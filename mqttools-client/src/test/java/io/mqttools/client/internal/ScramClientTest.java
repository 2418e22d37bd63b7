package io.mqttools.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import org.junit.jupiter.api.Test;

/** The client side of SCRAM-SHA-256 against RFC 7677 section 3's example. */
class ScramClientTest {
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static ScramClient rfcClient() {
        return new ScramClient("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    }

    @Test
    void exchange_rfc7677Example_givesTheRfcsMessages() {
        ScramClient c = rfcClient();
        assertThat(c.clientFirst().asUtf8()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(c.answered()).isFalse();
        assertThat(c.clientFinal(Bytes.utf8(SERVER_FIRST)).asUtf8()).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(c.verifyServerFinal(Bytes.utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isTrue();
    }

    @Test
    void verifyServerFinal_wrongOrMissingSignature_false() {
        ScramClient c = rfcClient();
        assertThat(c.verifyServerFinal(Bytes.utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isFalse(); // not yet answered
        c.clientFinal(Bytes.utf8(SERVER_FIRST));
        assertThat(c.verifyServerFinal(Bytes.utf8("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isFalse();
        assertThat(c.verifyServerFinal(Bytes.utf8("e=invalid-proof"))).isFalse();
        assertThat(c.verifyServerFinal(null)).isFalse();
    }

    @Test
    void clientFinal_badServerFirst_refused() {
        assertThatThrownBy(() -> rfcClient().clientFinal(Bytes.utf8("r=otherNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .hasMessageContaining("does not extend");
        assertThatThrownBy(() -> rfcClient().clientFinal(Bytes.utf8("r=rOprNGfwEbeRWgbNEkqO,s=W22Z,i=4096")))
                .hasMessageContaining("does not extend"); // the server added nothing
        assertThatThrownBy(() -> rfcClient().clientFinal(Bytes.utf8("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1")))
                .hasMessageContaining("fewer than 4096");
        assertThatThrownBy(() -> rfcClient().clientFinal(Bytes.utf8("garbage"))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> rfcClient().clientFinal(null)).hasMessageContaining("no Authentication Data");
    }

    @Test
    void clientFirst_userWithCommaAndEquals_escaped() {
        assertThat(new ScramClient("a,b=c", "pw", "n1").clientFirst().asUtf8()).isEqualTo("n,,n=a=2Cb=3Dc,r=n1");
    }
}
