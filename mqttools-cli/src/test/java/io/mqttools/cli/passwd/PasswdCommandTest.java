package io.mqttools.cli.passwd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.security.PasswordFile;
import io.mqttools.broker.security.PasswordHash;
import io.mqttools.broker.security.ScramFile;
import io.mqttools.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PasswdCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private String stdin = "";

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        ((PasswdCommand) cl.getSubcommands().get("passwd").getCommand()).stdin =
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return cl.execute(args);
    }

    private static boolean accepts(Path file, String user, String password) {
        PasswordHash hash = PasswordFile.load(file).hashOf(user);
        return hash != null && hash.matches(password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passwd_createBatch_writesA7LineOfMosquittoPasswdsShape() throws Exception {
        Path file = dir.resolve("pw");
        assertThat(run("passwd", "-c", "-b", file.toString(), "alice", "secret")).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).singleElement().asString().matches("alice:\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(accepts(file, "alice", "secret")).isTrue();
        assertThat(accepts(file, "alice", "Secret")).isFalse();
    }

    @Test
    void passwd_batchUpdateAndAdd_keepsOtherLines() throws Exception {
        Path file = dir.resolve("pw");
        run("passwd", "-c", "-b", file.toString(), "alice", "one");
        Files.writeString(file, "# people\n" + Files.readString(file));
        assertThat(run("passwd", "-b", file.toString(), "bob", "two")).isZero();
        assertThat(run("passwd", "-b", file.toString(), "alice", "three")).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).first().isEqualTo("# people");
        assertThat(lines.get(1)).startsWith("alice:");
        assertThat(accepts(file, "alice", "three")).isTrue();
        assertThat(accepts(file, "bob", "two")).isTrue();
    }

    @Test
    void passwd_sha512_writesA6Line() throws Exception {
        Path file = dir.resolve("pw");
        assertThat(run("passwd", "-H", "sha512", "-c", "-b", file.toString(), "carol", "pässwörd")).isZero();
        assertThat(Files.readString(file)).startsWith("carol:$6$");
        assertThat(accepts(file, "carol", "pässwörd")).isTrue();
    }

    @Test
    void passwd_delete_removesUserAndUnknownUserFails() throws Exception {
        Path file = dir.resolve("pw");
        run("passwd", "-c", "-b", file.toString(), "alice", "one");
        run("passwd", "-b", file.toString(), "bob", "two");
        assertThat(run("passwd", "-D", file.toString(), "alice")).isZero();
        assertThat(PasswordFile.load(file).hashOf("alice")).isNull();
        assertThat(accepts(file, "bob", "two")).isTrue();
        assertThat(run("passwd", "-D", file.toString(), "alice")).isEqualTo(1);
        assertThat(err.toString()).contains("error: user alice not found in " + file);
    }

    @Test
    void passwd_upgrade_hashesPlainTextLinesOnly() throws Exception {
        Path file = dir.resolve("pw");
        run("passwd", "-c", "-b", file.toString(), "alice", "one");
        String hashed = Files.readString(file);
        Files.writeString(file, hashed + "dave:plain1\nerin:pl:ain2\n");
        assertThat(run("passwd", "-U", file.toString())).isZero();
        assertThat(Files.readString(file)).startsWith(hashed);
        assertThat(accepts(file, "alice", "one")).isTrue();
        assertThat(accepts(file, "dave", "plain1")).isTrue();
        assertThat(accepts(file, "erin", "pl:ain2")).isTrue(); // the password is everything after the first ':'
    }

    @Test
    void passwd_prompted_readsTwiceFromStdinWithoutConsole() throws Exception {
        Path file = dir.resolve("pw");
        stdin = "s3cret\ns3cret\n";
        assertThat(run("passwd", "-c", file.toString(), "frank")).isZero();
        assertThat(accepts(file, "frank", "s3cret")).isTrue();
        stdin = "one\ntwo\n";
        assertThat(run("passwd", file.toString(), "gina")).isEqualTo(1);
        assertThat(err.toString()).contains("error: passwords do not match");
        assertThat(PasswordFile.load(file).hashOf("gina")).isNull();
    }

    @Test
    void passwd_badArguments_exit2() {
        Path file = dir.resolve("pw");
        assertThat(run("passwd", "-c", "-b", file.toString(), "a:b", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("error: the user name must not be empty nor contain ':'");
        assertThat(run("passwd", "-c", "-D", file.toString(), "a")).isEqualTo(2);
        assertThat(run("passwd", "-b", file.toString(), "a")).isEqualTo(2);
        assertThat(run("passwd", "-H", "md5", "-c", "-b", file.toString(), "a", "b")).isEqualTo(2);
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void passwd_missingFileWithoutCreate_exit1NamingIt() {
        Path file = dir.resolve("absent");
        assertThat(run("passwd", "-b", file.toString(), "a", "b")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: cannot open password file " + file + ": no such file (-c creates one)");
    }

    @Test
    void passwd_argon2id_writesAnArgon2idLine() throws Exception {
        Path file = dir.resolve("pw");
        assertThat(run("passwd", "-H", "argon2id", "-c", "-b", file.toString(), "dave", "pw")).isZero();
        assertThat(Files.readString(file)).startsWith("dave:$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(accepts(file, "dave", "pw")).isTrue();
        assertThat(accepts(file, "dave", "pW")).isFalse();
    }

    @Test
    void passwd_scram_writesScramCredentialsTheBrokerReads() throws Exception {
        Path file = dir.resolve("scram");
        assertThat(run("passwd", "--scram", "-c", "-b", file.toString(), "erin", "pw")).isZero();
        assertThat(run("passwd", "--scram", "-b", file.toString(), "frank", "pw2")).isZero();
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.matches("\\w+:SCRAM-SHA-256\\$4096:\\S+\\$\\S+:\\S+"));
        ScramFile users = ScramFile.load(file);
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.credentialOf("erin").iterations()).isEqualTo(4096);
        assertThat(run("passwd", "--scram", "-D", file.toString(), "erin")).isZero();
        assertThat(ScramFile.load(file).credentialOf("erin")).isNull();
        assertThat(run("passwd", "--scram", "-H", "sha512", "-b", file.toString(), "g", "pw")).isEqualTo(2);
        assertThat(err.toString()).contains("--scram cannot be combined with -H");
    }
}
