package io.mqttools.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclFileTest {
    private static final String ACL = """
            # anonymous clients
            topic read public/#
            topic write anon/in

            user alice
            topic readwrite a/#
            topic deny a/secret
            topic read ro/+
            topic write with space/x y
            user bob
            topic b
            pattern readwrite devices/%u/%c/#
            pattern deny devices/%u/%c/locked
            pattern read clients/%c
            """;

    @TempDir
    Path dir;
    private AclFile acl;

    @BeforeEach
    void load() throws Exception {
        Path file = dir.resolve("acl");
        Files.writeString(file, ACL);
        acl = AclFile.load(file);
    }

    @ParameterizedTest(name = "{0}/{1} writes {2}: {3}")
    @CsvSource(nullValues = "-", value = {
        "c1, -, anon/in, true",
        "c1, -, public/x, false", // read only
        "c1, -, a/x, false", // alice's, not anonymous
        "c1, alice, a/x, true",
        "c1, alice, a/x/y, true",
        "c1, alice, a, true", // a/# matches a
        "c1, alice, a/secret, false", // deny wins
        "c1, alice, ro/x, false",
        "c1, alice, with space/x y, true",
        "c1, alice, anon/in, false", // anonymous rules do not apply to users
        "c1, bob, b, true", // no access word: readwrite
        "c1, carol, b, false", // a user the file does not name gets only the patterns
        "c1, carol, devices/carol/c1/t, true",
        "c1, carol, devices/carol/c2/t, false",
        "c1, carol, devices/carol/c1/locked, false",
        "c1, -, devices/c1/c1/t, false", // %u never matches a client without a user name
        "c1, alice, clients/c1, false"})
    void canWrite_rules_asMosquitto(String clientId, String user, String topic, boolean expected) {
        assertThat(acl.canWrite(clientId, user, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}/{1} reads {2}: {3}")
    @CsvSource(nullValues = "-", value = {
        "c1, -, public/x, true",
        "c1, -, anon/in, false", // write only
        "c1, alice, ro/x, true",
        "c1, alice, ro/x/y, false",
        "c1, alice, a/secret, false",
        "c1, alice, clients/c1, true",
        "c1, alice, clients/c2, false",
        "c+, alice, clients/c+, false", // a wildcard in a client id never widens a pattern
        "c1, alice, $SYS/x, false"})
    void canRead_rules_asMosquitto(String clientId, String user, String topic, boolean expected) {
        assertThat(acl.canRead(clientId, user, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}/{1} subscribes {2}: {3}")
    @CsvSource(nullValues = "-", value = {
        "c1, alice, a/x, true",
        "c1, alice, a/#, true", // deliveries of a/secret are filtered one by one
        "c1, alice, #, true", // overlaps a/#: deliveries filtered
        "c1, alice, a/secret, false", // wholly denied
        "c1, alice, ro/+, true",
        "c1, alice, ro/x/y, false", // nothing readable there
        "c1, alice, zzz, false",
        "c1, alice, $SYS/#, false",
        "c1, -, public/+/x, true",
        "c1, -, anon/in, false", // write only
        "c1, carol, devices/carol/c1/#, true",
        "c1, carol, devices/carol/c1/locked, false",
        "c1, carol, devices/+/c1/x, true"})
    void canSubscribe_rules_refuseOnlyWhatCannotBeRead(String clientId, String user, String filter, boolean expected) {
        assertThat(acl.canSubscribe(clientId, user, filter)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "topic|topic without a topic",
        "topic reed a/b|invalid access 'reed'",
        "topic read a/#/b|invalid topic 'a/#/b'",
        "user|user without a name",
        "topics a|unknown keyword 'topics'"})
    void load_badLine_namesFileAndLine(String line, String message) throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "# fine\ntopic a\n" + line + "\n");
        assertThatThrownBy(() -> AclFile.load(file)).isInstanceOf(SecurityFileException.class)
                .hasMessageStartingWith(file + ":3: " + message);
    }

    @Test
    void load_emptyFile_deniesEverything() throws Exception {
        Path file = dir.resolve("empty");
        Files.writeString(file, "");
        AclFile empty = AclFile.load(file);
        assertThat(empty.canWrite("c", null, "t")).isFalse();
        assertThat(empty.canRead("c", "u", "t")).isFalse();
        assertThat(empty.canSubscribe("c", "u", "#")).isFalse();
    }
}
