package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.config.SecurityConfig;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuthenticatorTest {
    private static final String ALICE =
            "alice:$7$101$8Bq72Bp4DloO92MD$y7CEB7BAu7//0cYtCnkGNeGAayNWKp+Zc9JAO+ELMcacF/KprKS0TCLIMpQoRYlXW0VTwjIoBBUJQAoKAlGzyw==\n";
    private static final String SLOW =
            "slow:$7$20000$MDEyMzQ1Njc4OWFi$kyYNdcwp9FmGWcJEe6OlJLUkZCMG9eMqLeLkAI/SqLVU3bVGb4jAt14vgdBeOAMaOP5H2j0vopPbfpLv4avkaA==\n";

    @TempDir
    Path dir;

    private static ReasonCode check(Authenticator a, String user, String password) {
        return a.check("c", user, password == null ? null : Bytes.utf8(password)).toCompletableFuture().join();
    }

    @Test
    void open_noPasswordFileAnonymousAllowed_isAllowAll() {
        try (FileSecurity s = FileSecurity.open(SecurityConfig.OPEN, true, true)) {
            assertThat(s.authenticator()).isSameAs(Authenticator.ALLOW_ALL);
            assertThat(s.authorizer()).isSameAs(Authorizer.ALLOW_ALL);
        }
    }

    @Test
    void check_noPasswordFileAnonymousRefused_everyoneRefusedAsMosquitto() {
        try (FileAuthenticator a = new FileAuthenticator(false, null)) {
            assertThat(check(a, null, null)).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(check(a, "alice", "secret")).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void check_passwordFile_usersCheckedAnonymousPerSetting() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), ALICE);
        try (FileAuthenticator a = new FileAuthenticator(true, file)) {
            assertThat(check(a, null, null)).isEqualTo(ReasonCode.SUCCESS);
            assertThat(check(a, "alice", "secret")).isEqualTo(ReasonCode.SUCCESS);
            assertThat(check(a, "alice", "wrong")).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(check(a, "alice", null)).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(check(a, "bob", "secret")).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(a.authenticate("c", "alice", Bytes.utf8("secret"))).isTrue();
        }
    }

    @Test
    void check_cheapHash_answeredAtOnceOnTheCallersThread() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), ALICE);
        try (FileAuthenticator a = new FileAuthenticator(false, file)) {
            assertThat(a.check("c", "alice", Bytes.utf8("secret")).toCompletableFuture().isDone()).isTrue();
        }
    }

    @Test
    void check_costlyHash_answeredLaterFromTheBackgroundThread() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), SLOW);
        try (FileAuthenticator a = new FileAuthenticator(false, file)) {
            CompletableFuture<String> thread = new CompletableFuture<>();
            CompletableFuture<ReasonCode> verdict = a.check("c", "slow", Bytes.utf8("slow one")).toCompletableFuture();
            verdict.whenComplete((code, e) -> thread.complete(Thread.currentThread().getName()));
            assertThat(verdict.join()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(thread.join()).isIn("mqttools-password-check", Thread.currentThread().getName());
            assertThat(check(a, "slow", "slow two")).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void reload_badFile_keepsOldUsers() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), ALICE);
        try (FileSecurity s = FileSecurity.open(new SecurityConfig(false, file, null), true, true)) {
            Files.writeString(file, "alice:plain\n");
            assertThat(s.reload()).singleElement().asString().startsWith(file + ":1: ");
            assertThat(check(s.authenticator(), "alice", "secret")).isEqualTo(ReasonCode.SUCCESS);
            Files.writeString(file, "");
            assertThat(s.reload()).isEmpty();
            assertThat(check(s.authenticator(), "alice", "secret")).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void check_argon2idHash_checkedOffTheCallersThread() throws Exception {
        // made by argon2-cffi 21.1.0 (Debian's python3-argon2): low_level.hash_secret(b"secret", b"somesalt", ...)
        Path file = Files.writeString(dir.resolve("pw"),
                "carol:$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$yNJF2pJbh37EBw6oDO/wis71FeCjmQyRJnx2pBCp5Jk\n");
        try (FileAuthenticator a = new FileAuthenticator(false, file)) {
            CompletableFuture<ReasonCode> right = a.check("c", "carol", Bytes.utf8("secret")).toCompletableFuture();
            assertThat(right.join()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(check(a, "carol", "Secret")).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void startExchange_scramFile_scramOnlyAndReloaded() throws Exception {
        Path scram = Files.writeString(dir.resolve("scram"), "");
        try (FileAuthenticator withScram = new FileAuthenticator(false, null, scram);
             FileAuthenticator without = new FileAuthenticator(false, null)) {
            assertThat(withScram.startExchange("c", "alice", "SCRAM-SHA-256")).isNotNull();
            assertThat(withScram.startExchange("c", "alice", "SCRAM-SHA-1")).isNull();
            assertThat(without.startExchange("c", "alice", "SCRAM-SHA-256")).isNull();
            Files.writeString(scram, "alice:broken\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(withScram::reload)
                    .hasMessageStartingWith(scram + ":1: user alice:");
            assertThat(withScram.startExchange("c", "alice", "SCRAM-SHA-256")).isNotNull(); // the old users stay
        }
    }
}
