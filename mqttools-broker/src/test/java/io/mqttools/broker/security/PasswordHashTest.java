package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Hashes made by the real mosquitto_passwd 2.0.11 (Debian 2.0.11-1.2+deb12u2), checked by our code. */
class PasswordHashTest {
    private static final String ALICE_SECRET =
            "$7$101$8Bq72Bp4DloO92MD$y7CEB7BAu7//0cYtCnkGNeGAayNWKp+Zc9JAO+ELMcacF/KprKS0TCLIMpQoRYlXW0VTwjIoBBUJQAoKAlGzyw==";
    private static final String BOB_HUNTER2 =
            "$7$101$5lvJlXYGhoSFvJqW$ApjxN5DBv+AX0gCOFppTTesBYBdhCfWyv8EGJLjBIkwEUNeZolRGjnb5ouX5ewScUVIQBrw7fM0PSPYihTDfJA==";
    /** mosquitto_passwd -H sha512, a password with non-ASCII letters. */
    private static final String CAROL_SHA512 =
            "$6$o41LB1xgXh2RyEUl$SZRGlKRpJIXiwI6VXR/3biRsJypnSefDWuLomiu68yzfKsXhoxyqDNI8mbOvQpIPXM68NqhnqgjkvWOBnj3+8g==";
    /** mosquitto_passwd -b with an empty password. */
    private static final String FRANK_EMPTY =
            "$7$101$9Q5eGAVvS5ECUnFc$pWl8Z1DeXvqi48qXG+fy6z1MM0HjAWI+4//+sZWZ+rB+G/Hv84liupN74ibbuZIVBun+i+zjuHMvucKovpHpPQ==";
    /** 20000 iterations (Python's hashlib.pbkdf2_hmac): mosquitto_passwd 2.0.11 cannot set the count. */
    private static final String SLOW =
            "$7$20000$MDEyMzQ1Njc4OWFi$kyYNdcwp9FmGWcJEe6OlJLUkZCMG9eMqLeLkAI/SqLVU3bVGb4jAt14vgdBeOAMaOP5H2j0vopPbfpLv4avkaA==";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ALICE_SECRET + "|secret",
        BOB_HUNTER2 + "|hunter2",
        CAROL_SHA512 + "|pässwörd",
        FRANK_EMPTY + "|''",
        SLOW + "|slow one"})
    void matches_mosquittoPasswdHashAndItsPassword_true(String hash, String password) {
        assertThat(PasswordHash.parse(hash).matches(password.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ALICE_SECRET + "|Secret",
        ALICE_SECRET + "|'secret '",
        BOB_HUNTER2 + "|secret",
        CAROL_SHA512 + "|passwort",
        FRANK_EMPTY + "|x"})
    void matches_otherPassword_false(String hash, String password) {
        assertThat(PasswordHash.parse(hash).matches(password.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void parse_mosquittoPasswdDefault_hasItsShape() {
        PasswordHash h = PasswordHash.parse(ALICE_SECRET);
        assertThat(h.iterations()).isEqualTo(101);
        assertThat(h.salt()).hasSize(12);
        assertThat(h.hash()).hasSize(64);
        assertThat(h.encoded()).isEqualTo(ALICE_SECRET);
        assertThat(PasswordHash.parse(CAROL_SHA512).encoded()).isEqualTo(CAROL_SHA512);
        assertThat(h.expensive()).isFalse();
        assertThat(PasswordHash.parse(SLOW).expensive()).isTrue();
    }

    @Test
    void pbkdf2_newHash_writesTheShapeMosquittoPasswdWritesAndVerifies() {
        PasswordHash h = PasswordHash.pbkdf2("tr0ub4dor", new SecureRandom());
        String text = h.encoded();
        String[] parts = text.split("\\$");
        assertThat(parts[1]).isEqualTo("7");
        assertThat(parts[2]).isEqualTo("101");
        assertThat(parts[3]).hasSize(16); // 12 bytes in Base64, as mosquitto_passwd 2.0.11
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(64);
        assertThat(PasswordHash.parse(text).matches("tr0ub4dor".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(PasswordHash.parse(text).matches("tr0ub4dor!".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void toString_neverShowsTheHash() {
        assertThat(PasswordHash.parse(ALICE_SECRET).toString()).doesNotContain("8Bq72").doesNotContain("y7CEB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plaintext", "$7$x$c2FsdA==$aGFzaA==", "$7$0$c2FsdA==$aGFzaA==", "$6$c2FsdA==",
        "$6$c2FsdA==$aGFzaA==", "$6$!!$aGFzaA==", "$1$abc$def", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"})
    void parse_malformed_saysWhy(String text) {
        assertThatThrownBy(() -> PasswordHash.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("aGFzaA");
    }

    @Test
    void parse_argon2iAndArgon2d_refusedByName() {
        assertThatThrownBy(() -> PasswordHash.parse("$argon2i$v=19$m=65536,t=3,p=1$c29tZXNhbHQ$aGFzaA"))
                .hasMessageContaining("$argon2i$ hashes are not supported, only argon2id");
        assertThatThrownBy(() -> PasswordHash.parse("$argon2d$v=19$m=65536,t=3,p=1$c29tZXNhbHQ$aGFzaA"))
                .hasMessageContaining("$argon2d$ hashes are not supported");
    }
}
