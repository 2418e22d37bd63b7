package io.mqttools.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.BrokerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MosquittoConfTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, content);
    }

    private ConfigFile read(String content) throws Exception {
        return MosquittoConf.read(file("mosquitto.conf", content));
    }

    private BrokerConfig broker(String content) throws Exception {
        return read(content).broker();
    }

    private void assertError(String content, String message) throws Exception {
        Path f = file("bad.conf", content);
        assertThatThrownBy(() -> MosquittoConf.read(f)).isInstanceOf(ConfigFileException.class)
                .hasMessage(f + ":" + message);
    }

    @Test
    void read_tutorialFile_oneListenerOnAllInterfacesAnonymousAllowed() throws Exception {
        ConfigFile c = read("listener 1883\nallow_anonymous true\n");
        assertThat(c.broker().listeners()).containsExactly(Listener.mqtt(null, 1883));
        assertThat(c.broker().security()).isEqualTo(SecurityConfig.OPEN);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.log()).isEqualTo(LogSettings.DEFAULT);
    }

    @Test
    void read_emptyFile_localOnlyModeOnLocalhostAnonymousAllowed() throws Exception {
        BrokerConfig c = broker("# nothing\n\n   # indented comment\n");
        assertThat(c.listeners()).containsExactly(Listener.mqtt("localhost", 1883));
        assertThat(c.security().allowAnonymous()).isTrue();
        assertThat(c.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(c.persistence()).isEqualTo(PersistenceConfig.IN_MEMORY);
        assertThat(c.features()).isEqualTo(Features.DEFAULTS);
    }

    @Test
    void read_listenerWithoutAllowAnonymous_anonymousRefusedAsMosquitto2() throws Exception {
        assertThat(broker("listener 1883\n").security().allowAnonymous()).isFalse();
    }

    @Test
    void read_listenerWithBindAddressAndProtocols_inOrder() throws Exception {
        BrokerConfig c = broker("listener 1883 127.0.0.1\nlistener 8080\nprotocol websockets\nlistener 0 ::1\nprotocol mqtt\n");
        assertThat(c.listeners()).containsExactly(Listener.mqtt("127.0.0.1", 1883), Listener.websockets(null, 8080),
                Listener.mqtt("::1", 0));
    }

    @Test
    void read_enableProxyProtocol_appliesToTheLatestListenerEitherVersion() throws Exception {
        ConfigFile c = read("listener 1883\nenable_proxy_protocol 2\nlistener 1884\nlistener 8080\n"
                + "protocol websockets\nenable_proxy_protocol 1\n");
        assertThat(c.broker().listeners()).containsExactly(Listener.mqtt(null, 1883).withProxyProtocol(true),
                Listener.mqtt(null, 1884), Listener.websockets(null, 8080).withProxyProtocol(true));
        assertThat(c.broker().listeners().get(0)).hasToString("mqtt://*:1883 (PROXY protocol)");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void read_oldStylePortAndBindAddress_defaultListenerFirstWithDeprecationWarning() throws Exception {
        ConfigFile c = read("port 1884\nbind_address 127.0.0.1\nlistener 9001\nprotocol websockets\n");
        assertThat(c.broker().listeners()).containsExactly(Listener.mqtt("127.0.0.1", 1884),
                Listener.websockets(null, 9001));
        assertThat(c.warnings()).hasSize(2).allMatch(w -> w.contains("deprecated"));
        assertThat(c.warnings().get(0)).startsWith(dir.resolve("mosquitto.conf") + ":1: ");
        assertThat(broker("bind_address 127.0.0.1\n").listeners()).containsExactly(Listener.mqtt("127.0.0.1", 1883));
    }

    @Test
    void read_tlsSettings_applyToTheLatestListener() throws Exception {
        Path ca = file("ca.pem", "x");
        Path cert = file("cert.pem", "x");
        Path key = file("key.pem", "x");
        Path caPath = Files.createDirectories(dir.resolve("certs"));
        BrokerConfig c = broker("listener 1883\nlistener 8883\ncafile " + ca + "\ncapath " + caPath + "\ncertfile " + cert
                + "\nkeyfile " + key + "\nrequire_certificate true\ntls_version tlsv1.2\nuse_identity_as_username true\n");
        assertThat(c.listeners().get(0).tls()).isNull();
        assertThat(c.listeners().get(1).tls()).isEqualTo(new TlsConfig(ca, caPath, cert, key, true, "tlsv1.2", true));
        assertError("listener 8883\ncertfile " + cert + "\nkeyfile " + key + "\nuse_identity_as_username true\n",
                "1: the listener of line 1: use_identity_as_username needs require_certificate true");
    }

    @Test
    void read_securityFiles_intoSecurityConfig() throws Exception {
        Path pw = file("passwd", "u:x\n");
        Path acl = file("acl", "topic #\n");
        BrokerConfig c = broker("listener 1883\nallow_anonymous false\npassword_file " + pw + "\nacl_file " + acl
                + "\nper_listener_settings false\n");
        assertThat(c.security()).isEqualTo(new SecurityConfig(false, pw, acl));
    }

    @Test
    void read_perListenerSettings_eachListenerGetsItsOwnSecurity() throws Exception {
        Path pw = file("passwd", "u:x\n");
        Path acl = file("acl", "topic #\n");
        BrokerConfig c = broker("per_listener_settings true\n"
                + "listener 1883\npassword_file " + pw + "\nacl_file " + acl + "\n"
                + "listener 1884\nallow_anonymous true\n"
                + "listener 1885\n");
        assertThat(c.listeners()).extracting(Listener::security).containsExactly(
                new SecurityConfig(false, pw, acl),
                new SecurityConfig(true, null, null),
                new SecurityConfig(false, null, null)); // mosquitto 2: no anonymous unless allowed
        assertThat(c.listeners().get(0)).hasToString("mqtt://*:1883 (own security settings)");
    }

    @Test
    void read_perListenerSettingsAfterASecuritySetting_errorNamesBothLines() throws Exception {
        Path f = file("bad.conf", "listener 1883\nallow_anonymous true\nper_listener_settings true\n");
        assertThatThrownBy(() -> MosquittoConf.read(f)).isInstanceOf(ConfigFileException.class)
                .hasMessage(f + ":3: per_listener_settings must come before the security settings it changes, but"
                        + " 'allow_anonymous' comes first at " + f + ":2");
    }

    @Test
    void read_perListenerSettingsWithoutListeners_theLocalDefaultListenerHasThem() throws Exception {
        Path pw = file("passwd", "u:x\n");
        BrokerConfig c = broker("per_listener_settings true\npassword_file " + pw + "\n");
        assertThat(c.listeners()).singleElement().extracting(Listener::host, Listener::security)
                .containsExactly("localhost", new SecurityConfig(true, pw, null));
    }

    @Test
    void read_perListenerSettingsFalse_securityIsTheBrokers() throws Exception {
        Path pw = file("passwd", "u:x\n");
        BrokerConfig c = broker("per_listener_settings false\nlistener 1883\nlistener 1884\npassword_file " + pw
                + "\nallow_anonymous true\n");
        assertThat(c.listeners()).extracting(Listener::security).containsOnlyNulls();
        assertThat(c.security()).isEqualTo(new SecurityConfig(true, pw, null));
    }

    @Test
    void read_listenerAllowAnonymous_overridesForThatListenerOnly() throws Exception {
        Path pw = file("passwd", "u:x\n");
        BrokerConfig c = broker("password_file " + pw + "\nlistener 1883\nlistener 8080\nprotocol websockets\n"
                + "listener_allow_anonymous true\n");
        assertThat(c.security()).isEqualTo(new SecurityConfig(false, pw, null));
        assertThat(c.listeners()).extracting(Listener::security)
                .containsExactly(null, new SecurityConfig(true, pw, null));
    }

    @Test
    void read_scramFile_intoSecurityConfig() throws Exception {
        Path scram = file("scram", "");
        BrokerConfig c = broker("listener 1883\nscram_file " + scram + "\n");
        assertThat(c.security()).isEqualTo(new SecurityConfig(false, null, null, scram));
        BrokerConfig own = broker("per_listener_settings true\nlistener 1883\nscram_file " + scram + "\nlistener 1884\n");
        assertThat(own.listeners()).extracting(Listener::security).containsExactly(
                new SecurityConfig(false, null, null, scram), new SecurityConfig(false, null, null));
    }

    @Test
    void read_limits_mappedWithMosquittoMeaningsOfZeroAndMinusOne() throws Exception {
        Limits l = broker("max_connections 10\nmax_inflight_messages 5\nmax_queued_messages 7\nmax_packet_size 2048\n"
                + "max_keepalive 120\n").limits();
        assertThat(l).extracting(Limits::maxConnections, Limits::maxInflight, Limits::maxQueuedMessages,
                Limits::maxPacketSize, Limits::serverKeepAlive).containsExactly(10, 5, 7, 2048, 120);
        Limits unlimited = broker("max_connections -1\nmax_inflight_messages 0\nmax_queued_messages 0\n"
                + "max_packet_size 0\n").limits();
        assertThat(unlimited).extracting(Limits::maxConnections, Limits::maxInflight, Limits::maxQueuedMessages,
                Limits::maxPacketSize).containsExactly(Integer.MAX_VALUE, 65_535, Integer.MAX_VALUE, 268_435_460);
    }

    @Test
    void read_maxQueuedBytes_setsByteBoundWithoutWarning_zeroIsNoBound() throws Exception {
        ConfigFile c = read("max_queued_bytes 65536\n");
        assertThat(c.broker().limits().maxQueuedBytes()).isEqualTo(65_536);
        assertThat(c.warnings()).isEmpty();
        assertThat(broker("max_queued_bytes 0\n").limits().maxQueuedBytes()).isZero();
        assertThat(broker("max_connections 10\n").limits().maxQueuedBytes())
                .isEqualTo(Limits.DEFAULT_MAX_QUEUED_BYTES);
    }

    @Test
    void read_messageSizeLimit_usedAsMaxPacketSizeWithWarning_maxPacketSizeWins() throws Exception {
        ConfigFile c = read("message_size_limit 4096\n");
        assertThat(c.broker().limits().maxPacketSize()).isEqualTo(4096);
        assertThat(c.warnings()).singleElement().asString().contains(":1: ", "message_size_limit");
        assertThat(broker("max_packet_size 1000\nmessage_size_limit 4096\n").limits().maxPacketSize()).isEqualTo(1000);
    }

    @Test
    void read_persistence_dataDirIsMqttoolsDbInLocationOrWorkingDirectory() throws Exception {
        // beside the mosquitto.db that mosquitto keeps in persistence_location
        assertThat(broker("persistence true\npersistence_location /var/lib/mosquitto/\n").persistence().dataDir())
                .isEqualTo(Path.of("/var/lib/mosquitto/mqttools.db"));
        assertThat(broker("persistence true\n").persistence().dataDir()).isEqualTo(Path.of("mqttools.db"));
        assertThat(broker("persistence false\npersistence_location /tmp\n").persistence())
                .isEqualTo(PersistenceConfig.IN_MEMORY);
    }

    @Test
    void read_sysIntervalAndRetainAvailable_kept() throws Exception {
        ConfigFile c = read("sys_interval 30\nretain_available false\n");
        assertThat(c.broker().metrics().sysInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.broker().features().retainAvailable()).isFalse();
        assertThat(c.warnings()).isEmpty();
        assertThat(read("sys_interval 0\n").broker().metrics().sysEnabled()).isFalse();
        assertThat(broker("retain_available false\nretain_available true\n").features().retainAvailable()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"error,error", "warning,warn", "notice,info", "information,info", "debug,debug", "all,debug",
            "none,off", "'error warning',warn", "subscribe,info"})
    void read_logType_mostVerboseTypeIsTheLevel(String types, String level) throws Exception {
        assertThat(read("log_type " + types + "\n").log().level()).isEqualTo(level);
    }

    @Test
    void read_logTypeOnSeveralLines_mostVerboseWins() throws Exception {
        assertThat(read("log_type error\nlog_type information\n").log().level()).isEqualTo("info");
    }

    @Test
    void read_logDest_firstSupportedDestinationKept() throws Exception {
        assertThat(read("log_dest stdout\n").log()).isEqualTo(new LogSettings(null, LogSettings.Destination.STDOUT, null));
        ConfigFile c = read("log_dest syslog\nlog_dest file /var/log/m.log\nlog_dest stderr\n");
        assertThat(c.log()).isEqualTo(new LogSettings(null, LogSettings.Destination.FILE, Path.of("/var/log/m.log")));
        assertThat(c.warnings()).hasSize(2);
        assertThat(c.warnings().get(0)).contains(":1: ", "syslog");
        assertThat(read("log_dest none\nlog_type all\n").log().level()).isEqualTo("off");
    }

    @Test
    void read_knownUnsupportedDirective_warningWithFileAndLine() throws Exception {
        ConfigFile c = read("listener 1883\n\nuser mosquitto\nauth_opt_db x\nidle_timeout 60\n");
        assertThat(c.warnings()).containsExactly(
                dir.resolve("mosquitto.conf") + ":3: 'user' is not supported, ignored",
                dir.resolve("mosquitto.conf") + ":4: 'auth_opt_db' is not supported, ignored",
                dir.resolve("mosquitto.conf") + ":5: 'idle_timeout' is not supported, ignored");
    }

    @Test
    void read_debianDefaultFile_pidFilePersistenceLogFileAndAutosave() throws Exception {
        ConfigFile c = read("pid_file /run/mosquitto/mosquitto.pid\npersistence true\npersistence_location " + dir
                + "/\nlog_dest file /var/log/mosquitto/mosquitto.log\nautosave_interval 1800\n");
        assertThat(c.pidFile()).isEqualTo(Path.of("/run/mosquitto/mosquitto.pid"));
        assertThat(c.broker().persistence().durable()).isTrue();
        assertThat(c.log().file()).isEqualTo(Path.of("/var/log/mosquitto/mosquitto.log"));
        assertThat(c.warnings()).containsExactly(dir.resolve("mosquitto.conf") + ":5: 'autosave_interval' has no"
                + " effect: with persistence every change is in the store before it is acknowledged");
    }

    @ParameterizedTest
    @CsvSource({"12h,43200", "2d,172800", "1w,604800", "6m,15552000", "1y,31536000"})
    void read_persistentClientExpiration_capsSessionExpiry(String value, long seconds) throws Exception {
        assertThat(broker("persistent_client_expiration " + value + "\n").limits().maxSessionExpiryInterval())
                .isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "2s", "0d", "-1d", "d", "1.5h", "99999999999999999y"})
    void read_persistentClientExpirationBadValue_error(String value) throws Exception {
        assertError("persistent_client_expiration " + value + "\n", "1: 'persistent_client_expiration' expects a"
                + " positive whole number followed by h, d, w, m (months) or y, such as 2d, not '" + value + "'");
    }

    @Test
    void read_connectionMessages_featureFollowsTheFile() throws Exception {
        assertThat(broker("connection_messages false\n").features().connectionMessages()).isFalse();
        assertThat(broker("connection_messages true\n").features().connectionMessages()).isTrue();
        assertThat(broker("listener 1883\n").features().connectionMessages()).isTrue();
        assertError("connection_messages off\n", "1: 'connection_messages' expects true or false, not 'off'");
    }

    @Test
    void read_socketDomainIpv4_listenerWithoutAddressBindsIpv4Only() throws Exception {
        BrokerConfig c = broker("listener 1883\nsocket_domain ipv4\nlistener 1884 127.0.0.1\nsocket_domain ipv4\n"
                + "listener 1885\n");
        assertThat(c.listeners()).extracting(Listener::host).containsExactly("0.0.0.0", "127.0.0.1", null);
        assertError("listener 1883\nsocket_domain ipx\n", "2: 'socket_domain' expects ipv4 or ipv6, not 'ipx'");
    }

    @Test
    void read_valueRunsToEndOfLine_hashInsideIsNotAComment() throws Exception {
        Path pw = file("pass word#1", "u:x\n");
        assertThat(broker("password_file   " + pw + "   \n").security().passwordFile()).isEqualTo(pw);
    }

    @Test
    void read_includeDir_confFilesInMosquittoOrderAfterTheMainFile() throws Exception {
        file("conf.d/b.conf", "listener 2002\n");
        file("conf.d/A.conf", "listener 2001\n");
        file("conf.d/a.conf", "listener 2000\nallow_anonymous true\n");
        file("conf.d/c.txt", "not read\n");
        BrokerConfig c = broker("listener 1999\ninclude_dir " + dir.resolve("conf.d") + "\n");
        assertThat(c.listeners()).extracting(Listener::port).containsExactly(1999, 2001, 2000, 2002);
        assertThat(c.security().allowAnonymous()).isTrue();
        assertThat(List.of("b", "a", "B", "A", "ab").stream().sorted(MosquittoConf.INCLUDE_ORDER).toList())
                .containsExactly("A", "a", "ab", "B", "b");
    }

    @Test
    void read_errorInIncludedFile_namesTheIncludedFileAndLine() throws Exception {
        Path inc = file("conf.d/x.conf", "listener 1883\nbogus 1\n");
        Path main = file("main.conf", "include_dir " + dir.resolve("conf.d") + "\n");
        assertThatThrownBy(() -> MosquittoConf.read(main)).hasMessage(inc + ":2: unknown directive 'bogus'");
    }

    @Test
    void read_includeDirInIncludedFile_error() throws Exception {
        Path inc = file("conf.d/x.conf", "include_dir " + dir + "\n");
        Path main = file("main.conf", "include_dir " + dir.resolve("conf.d") + "\n");
        assertThatThrownBy(() -> MosquittoConf.read(main))
                .hasMessage(inc + ":1: include_dir is only allowed in the main configuration file");
    }

    @Test
    void read_missingFile_errorNamesIt() {
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> MosquittoConf.read(missing)).isInstanceOf(ConfigFileException.class)
                .hasMessage("configuration file " + missing + " does not exist");
        assertThatThrownBy(() -> MosquittoConf.read(dir)).hasMessage(dir + " is a directory, not a configuration file");
    }

    @Test
    void read_unreadableFile_errorNamesIt() throws Exception {
        Path f = file("secret.conf", "listener 1883\n");
        assertThat(f.toFile().setReadable(false)).isTrue();
        if (!Files.isReadable(f)) {
            assertThatThrownBy(() -> MosquittoConf.read(f)).hasMessage("configuration file " + f + " is not readable");
        } else {
            // root (CI) may read every file: a file whose read fails instead takes the other error path
            Path failing = Path.of("/proc/self/mem");
            assertThatThrownBy(() -> MosquittoConf.read(failing)).isInstanceOf(ConfigFileException.class)
                    .hasMessageStartingWith("cannot read configuration file " + failing + ": ");
        }
    }

    @Test
    void read_notUtf8_errorNamesIt() throws Exception {
        Path f = Files.write(dir.resolve("latin1.conf"), new byte[] {'#', (byte) 0xE9, (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> MosquittoConf.read(f)).hasMessage("configuration file " + f + " is not UTF-8 text");
    }

    @Test
    void read_unknownDirective_errorWithFileAndLine() throws Exception {
        assertError("listener 1883\n# comment\nlistenr 1884\n", "3: unknown directive 'listenr'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "listener|1: 'listener' needs a value: a port number and optionally a bind address",
            "listener x|1: 'listener' expects a port number 0..65535, not 'x'",
            "listener 70000|1: 'listener' expects a port number 0..65535, not '70000'",
            "listener 1883 127.0.0.1 extra|1: 'listener' expects a port and optionally a bind address, not '1883 127.0.0.1 extra'",
            "listener 0 /tmp/mqtt.sock|1: unix socket listeners (/tmp/mqtt.sock) are not supported",
            "port -1|1: 'port' expects a port number 0..65535, not '-1'",
            "bind_address|1: 'bind_address' needs a value: an address or host name",
            "protocol http|1: 'protocol' expects mqtt or websockets, not 'http'",
            "enable_proxy_protocol 3|1: 'enable_proxy_protocol' expects the PROXY protocol version, 1 or 2, not '3'",
            "enable_proxy_protocol true|1: 'enable_proxy_protocol' expects the PROXY protocol version, 1 or 2, not 'true'",
            "allow_anonymous yes|1: 'allow_anonymous' expects true or false, not 'yes'",
            "require_certificate 1|1: 'require_certificate' expects true or false, not '1'",
            "use_identity_as_username maybe|1: 'use_identity_as_username' expects true or false, not 'maybe'",
            "persistence on|1: 'persistence' expects true or false, not 'on'",
            "retain_available no|1: 'retain_available' expects true or false, not 'no'",
            "tls_version tlsv1.0|1: 'tls_version' expects tlsv1.3, tlsv1.2 or tlsv1.1, not 'tlsv1.0'",
            "listener_allow_anonymous 1|1: 'listener_allow_anonymous' expects true or false, not '1'",
            "per_listener_settings x|1: 'per_listener_settings' expects true or false, not 'x'",
            "max_connections 0|1: 'max_connections' expects -1 (unlimited) or a positive number, not '0'",
            "max_connections many|1: 'max_connections' expects -1 (unlimited) or a positive number, not 'many'",
            "max_inflight_messages 70000|1: 'max_inflight_messages' expects 0 (no maximum) or 1..65535, not '70000'",
            "max_queued_messages -5|1: 'max_queued_messages' expects 0 (no maximum) or a positive number, not '-5'",
            "max_queued_bytes -1|1: 'max_queued_bytes' expects 0 (no maximum) or a positive number of bytes, not '-1'",
            "max_packet_size 10|1: 'max_packet_size' expects 0 (no limit) or a size in bytes 16..268435460, not '10'",
            "message_size_limit 1e6|1: 'message_size_limit' expects 0 (no limit) or a size in bytes 16..268435460, not '1e6'",
            "max_keepalive 65536|1: 'max_keepalive' expects seconds 0..65535, not '65536'",
            "sys_interval 1.5|1: 'sys_interval' expects seconds, 0 to disable $SYS, not '1.5'",
            "persistence_location|1: 'persistence_location' needs a value: a directory",
            "log_type verbose|1: 'log_type' expects debug, error, warning, notice, information, subscribe, unsubscribe, websockets, none or all, not 'verbose'",
            "log_dest file|1: 'log_dest file' needs a file name",
            "log_dest printer|1: 'log_dest' expects stdout, stderr, syslog, topic, file <path>, dlt or none, not 'printer'",
    })
    void read_badValue_errorWithFileLineAndWhatIsExpected(String line, String message) throws Exception {
        assertError(line + "\n", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password_file", "acl_file", "cafile", "certfile", "keyfile"})
    void read_missingFileValue_errorNamesTheFile(String directive) throws Exception {
        Path missing = dir.resolve("nope");
        assertError("listener 1883\n" + directive + " " + missing + "\n", "2: " + directive + " " + missing
                + " does not exist");
        assertError("listener 1883\n" + directive + " " + dir + "\n", "2: " + directive + " " + dir
                + " is not a readable file");
    }

    @Test
    void read_missingDirectories_errorNamesThem() throws Exception {
        Path missing = dir.resolve("nope");
        assertError("capath " + missing + "\n", "1: capath " + missing + " is not a readable directory");
        assertError("include_dir " + missing + "\n", "1: include_dir " + missing + " is not a readable directory");
    }

    @Test
    void read_incompleteTls_errorAtTheListenerLine() throws Exception {
        Path cert = file("cert.pem", "x");
        Path ca = file("ca.pem", "x");
        assertError("listener 1883\nlistener 8883\ncertfile " + cert + "\n",
                "2: the listener of line 2 needs both certfile and keyfile for TLS");
        assertError("listener 8883\ncafile " + ca + "\n", "1: the listener of line 1 has TLS settings but no certfile and keyfile");
        assertError("listener 8883\ncertfile " + cert + "\nkeyfile " + cert + "\nrequire_certificate true\n",
                "1: the listener of line 1: require_certificate needs cafile or capath");
    }

    @Test
    void read_settingsBeforeFirstListenerWithoutPort_warned() throws Exception {
        ConfigFile c = read("protocol websockets\nlistener 1883\n");
        assertThat(c.broker().listeners()).containsExactly(Listener.mqtt(null, 1883));
        assertThat(c.warnings()).singleElement().asString().contains(":1: ", "default listener");
    }
}
