package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** argon2id password hashes: RFC 9106's test vector and hashes made by argon2-cffi (Debian's python3-argon2). */
class Argon2idTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void derive_rfc9106Vector_givesItsTag() {
        // RFC 9106 section 5.3: argon2id, t=3, m=32 KiB, p=4, version 0x13, with secret and associated data
        byte[] password = new byte[32];
        Arrays.fill(password, (byte) 0x01);
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 0x02);
        byte[] secret = new byte[8];
        Arrays.fill(secret, (byte) 0x03);
        byte[] ad = new byte[12];
        Arrays.fill(ad, (byte) 0x04);
        byte[] tag = new Argon2id(0x13, 32, 3, 4).derive(password, salt, secret, ad, 32);
        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    /** Made with argon2-cffi 21.1.0 (python3-argon2 in Debian 12): PasswordHasher and low_level.hash_secret. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "correct horse|$argon2id$v=19$m=102400,t=2,p=8$eJ+fKqtvMYnZs/YXEzqxUQ$v3lzYbZtRLIfKRNbZ/pAbw",
        "pässwörd|$argon2id$v=19$m=1024,t=2,p=2$Dbvpq5v3eC8RmARs$8RjmC/j/w9YeK1gWqI3iQ31GiOiKU3wc",
        "secret|$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$yNJF2pJbh37EBw6oDO/wis71FeCjmQyRJnx2pBCp5Jk",
        "secret|$argon2id$v=16$m=8,t=1,p=1$c29tZXNhbHQ$ta2uZ3jzTw/BPw7bbBGupQ"})
    void matches_hashByArgon2Cffi_rightPasswordOnly(String password, String hash) {
        PasswordHash h = PasswordHash.parse(hash);
        assertThat(h.matches(utf8(password))).isTrue();
        assertThat(h.matches(utf8(password + "!"))).isFalse();
        assertThat(h.encoded()).isEqualTo(hash); // written back as read
        assertThat(h.expensive()).isTrue(); // checked off the event loop
        assertThat(h.toString()).doesNotContain(hash.substring(hash.lastIndexOf('$') + 1));
    }

    @Test
    void argon2id_newHash_verifiesAndHasOurDefaults() {
        PasswordHash h = PasswordHash.argon2id("tr0ub4dor", new SecureRandom());
        String text = h.encoded();
        assertThat(text).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHash.parse(text).matches(utf8("tr0ub4dor"))).isTrue();
        assertThat(PasswordHash.parse(text).matches(utf8("tr0ub4dor!"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$argon2id$v=19$m=65536,t=3$c29tZXNhbHQ$aGFzaGhhc2g|m=..,t=..,p=..",
        "$argon2id$v=20$m=65536,t=3,p=1$c29tZXNhbHQ$aGFzaGhhc2g|unknown argon2 version 20",
        "$argon2id$v=19$m=4,t=3,p=1$c29tZXNhbHQ$aGFzaGhhc2g|memory m=4 KiB",
        "$argon2id$v=19$m=99999999,t=3,p=1$c29tZXNhbHQ$aGFzaGhhc2g|memory m=99999999 KiB",
        "$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$aGFzaGhhc2g|passes t=0",
        "$argon2id$v=19$t=3,m=65536,p=1$c29tZXNhbHQ$aGFzaGhhc2g|expected m=",
        "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaGhhc2g|salt of 8 bytes or more",
        "$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHQ$!!!|the hash is not Base64",
        "$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHQ|the form $argon2id$"})
    void parse_malformedArgon2id_saysWhyWithoutTheHash(String text, String why) {
        assertThatThrownBy(() -> PasswordHash.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why).hasMessageNotContaining("aGFzaGhhc2g");
    }
}
