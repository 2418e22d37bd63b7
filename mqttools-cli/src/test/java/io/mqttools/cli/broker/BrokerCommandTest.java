package io.mqttools.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BrokerCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void broker_missingCaFile_oneErrorLineNamingFileAndExit1() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path missing = dir.resolve("missing-ca.pem");
        int code = run("broker", "--host", "127.0.0.1", "--port", "0", "--secure-port", "0",
                "--cafile", missing.toString(), "--certfile", cert.toString(), "--keyfile", cert.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("error: ").contains(missing.toString()).doesNotContain("\n");
    }

    @Test
    void broker_certificateFileNotPem_errorNamesFile() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        int code = run("broker", "--host", "127.0.0.1", "--port", "0", "--secure-port", "0",
                "--cafile", junk.toString(), "--certfile", junk.toString(), "--keyfile", junk.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(junk.toString());
    }

    @Test
    void broker_onlySomeTlsFiles_usageErrorExit2() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        int code = run("broker", "--port", "0", "--cafile", ca.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--cafile, --certfile and --keyfile");
    }

    @Test
    void broker_configFileWithUnknownDirective_errorWithFileAndLineExit2() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "listener 1883\nlistner 1884\n");
        assertThat(run("broker", "-c", conf.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: " + conf + ":2: unknown directive 'listner'");
    }

    @Test
    void broker_missingConfigFile_errorExit2() {
        Path missing = dir.resolve("missing.conf");
        assertThat(run("broker", "--config-file", missing.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: configuration file " + missing + " does not exist");
    }

    @Test
    void broker_configFileTlsFileNotPem_errorNamesFileExit1() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        Path conf = Files.writeString(dir.resolve("tls.conf"), "listener 0 127.0.0.1\ncertfile " + junk
                + "\nkeyfile " + junk + "\nlog_dest syslog\n");
        assertThat(run("broker", "-c", conf.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("warning: " + conf + ":4: log_dest 'syslog' is not supported, ignored")
                .contains("error: ").contains(junk.toString());
    }

    @Test
    void describe_listenersWithBoundPorts() {
        assertThat(BrokerCommand.describe(java.util.List.of(io.mqttools.broker.config.Listener.mqtt("127.0.0.1", 0),
                io.mqttools.broker.config.Listener.websockets(null, 9001)), java.util.List.of(41000, 9001)))
                .isEqualTo("127.0.0.1:41000 (mqtt), *:9001 (ws)");
    }

    @Test
    void broker_zeroIoThreads_usageErrorExit2() {
        int code = run("broker", "--port", "0", "--io-threads", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --io-threads must be 1 or more, not 0");
    }

    @Test
    void broker_negativeSysInterval_usageErrorExit2() {
        int code = run("broker", "--port", "0", "--sys-interval", "-1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --sys-interval must be 0 (off) or more seconds, not -1");
    }

    @Test
    void broker_negativeMaxQueuedBytes_usageErrorExit2() {
        int code = run("broker", "--port", "0", "--max-queued-bytes", "-1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: --max-queued-bytes must be 0 (no bound) or more bytes, not -1");
    }

    @Test
    void broker_httpPortOutOfRange_usageErrorExit2() {
        int code = run("broker", "--port", "0", "--http-port", "65536");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --http-port must be 0..65535, not 65536");
    }

    @Test
    void broker_httpPortInUse_oneErrorLineExit1() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int code = run("broker", "--host", "127.0.0.1", "--port", "0", "--http-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip()).startsWith("error: cannot listen for HTTP (metrics) on 127.0.0.1 port "
                    + taken.getLocalPort() + ": ").doesNotContain("\n");
        }
    }

    @Test
    void broker_help_listsOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("broker", "--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--secure-port", "--require-certificate",
                "--no-check-hostname", "--max-queued-messages", "--max-queued-bytes", "--log-level", "-c, --config-file", "--sys-interval",
                "--http-port");
    }

    @Test
    void broker_allowAnonymousNotBoolean_usageErrorExit2() {
        assertThat(run("broker", "--port", "0", "--allow-anonymous", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("--allow-anonymous");
    }

    @Test
    void broker_badPasswordFile_oneErrorLineNamingFileAndLineExit1() throws Exception {
        Path pw = Files.writeString(dir.resolve("passwords"), "# users\nalice:secret\n");
        int code = run("broker", "--host", "127.0.0.1", "--port", "0", "--password-file", pw.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("error: " + pw + ":2: user alice: not a password hash")
                .doesNotContain("\n").doesNotContain("secret");
    }

    @Test
    void broker_badAclFile_errorNamesFileAndLine() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), "topic read a\ntopick b\n");
        assertThat(run("broker", "--host", "127.0.0.1", "--port", "0", "--acl-file", acl.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("error: " + acl + ":2: unknown keyword 'topick'");
    }
}
