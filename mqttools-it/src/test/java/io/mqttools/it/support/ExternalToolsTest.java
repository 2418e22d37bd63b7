package io.mqttools.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing external tool skips a test on a developer machine but fails it in CI. */
class ExternalToolsTest {
    @TempDir
    Path dir;

    @Test
    void find_toolMissingWithCiTrue_fails() {
        assertThatThrownBy(() -> ExternalTools.find("no-such-tool", "some-package", List.of(dir), "true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no-such-tool").hasMessageContaining("some-package");
    }

    @Test
    void find_toolMissingOutsideCi_aborts() {
        assertThatThrownBy(() -> ExternalTools.find("no-such-tool", "some-package", List.of(dir), null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no-such-tool");
        assertThatThrownBy(() -> ExternalTools.find("no-such-tool", "some-package", List.of(dir), "false"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void find_executableInSecondDirectory_returnsIt() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = Files.createFile(bin.resolve("tool"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(ExternalTools.find("tool", "pkg", List.of(empty, bin), "true")).isEqualTo(tool);
    }

    @Test
    void find_fileNotExecutable_treatedAsMissing() throws IOException {
        Files.createFile(dir.resolve("tool"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));

        assertThatThrownBy(() -> ExternalTools.find("tool", "pkg", List.of(dir), "true"))
                .isInstanceOf(AssertionFailedError.class);
    }
}
