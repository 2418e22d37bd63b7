package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
    private static final String ALICE =
            "alice:$7$101$8Bq72Bp4DloO92MD$y7CEB7BAu7//0cYtCnkGNeGAayNWKp+Zc9JAO+ELMcacF/KprKS0TCLIMpQoRYlXW0VTwjIoBBUJQAoKAlGzyw==";

    @TempDir
    Path dir;

    @Test
    void load_usersCommentsBlankLinesAndCrLf_readsUsers() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "# users\n\n" + ALICE + "\r\n");
        PasswordFile pw = PasswordFile.load(file);
        assertThat(pw.size()).isEqualTo(1);
        assertThat(pw.hashOf("alice").matches("secret".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(pw.hashOf("bob")).isNull();
    }

    @Test
    void load_plainTextLine_namesFileAndLine() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, ALICE + "\nbob:hunter2\n");
        assertThatThrownBy(() -> PasswordFile.load(file)).isInstanceOf(SecurityFileException.class)
                .hasMessageStartingWith(file + ":2: user bob: not a password hash")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void load_lineWithoutColon_namesFileAndLine() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "alice\n");
        assertThatThrownBy(() -> PasswordFile.load(file)).hasMessage(file + ":1: expected user:hash");
    }

    @Test
    void load_missingFile_namesIt() {
        Path file = dir.resolve("absent");
        assertThatThrownBy(() -> PasswordFile.load(file)).isInstanceOf(SecurityFileException.class)
                .hasMessageStartingWith(file + ": cannot read password file");
    }
}
