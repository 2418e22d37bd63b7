package io.mqttools.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.config.BridgeTopic.Direction;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BridgeConfTest {
    @TempDir
    Path dir;

    private ConfigFile read(String content) throws Exception {
        return MosquittoConf.read(Files.writeString(dir.resolve("mosquitto.conf"), content));
    }

    private void assertError(String content, String message) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.conf"), content);
        assertThatThrownBy(() -> MosquittoConf.read(f)).isInstanceOf(ConfigFileException.class)
                .hasMessage(f + ":" + message);
    }

    @Test
    void read_minimalConnection_mosquittoDefaults() throws Exception {
        ConfigFile c = read("listener 1883\nconnection b1\naddress example.org\ntopic sensors/#\n");
        assertThat(c.warnings()).isEmpty();
        assertThat(c.bridges()).hasSize(1);
        BridgeConfig b = c.bridges().get(0);
        assertThat(b.name()).isEqualTo("b1");
        assertThat(b.addresses()).containsExactly(new BridgeConfig.Address("example.org", 1883));
        assertThat(b.topics()).containsExactly(new BridgeTopic("sensors/#", Direction.OUT, QoS.AT_MOST_ONCE, "", ""));
        assertThat(b.cleanSession()).isFalse();
        assertThat(b.remoteClientId()).startsWith("b1.");
        assertThat(b.localClientId()).isEqualTo("local." + b.remoteClientId());
        assertThat(b.keepAlive()).isEqualTo(60);
        assertThat(b.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(b.tryPrivate()).isTrue();
        assertThat(b.notifications()).isEqualTo(new BridgeConfig.Notifications(true, false,
                "$SYS/broker/connection/" + b.remoteClientId() + "/state"));
        assertThat(b.restart()).isEqualTo(BridgeConfig.RestartTimeout.DEFAULT);
        assertThat(b.once()).isFalse();
        assertThat(b.outgoingRetain()).isTrue();
        assertThat(b.tls()).isNull();
        assertThat(b.remoteUsername()).isNull();
    }

    @Test
    void read_everySupportedDirective_applied() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ConfigFile c = read("""
                listener 1883
                connection cloud
                addresses 10.0.0.1:8883 [::1]:1884 broker.local
                topic # both 2 local/ remote/
                topic cmd/+ in 1
                topic "" out 1 a/b c/d
                cleansession true
                remote_clientid edge-1
                local_clientid edge-1-local
                remote_username bridge
                remote_password s3cret pass
                keepalive_interval 30
                bridge_protocol_version mqttv50
                notifications false
                notifications_local_only true
                notification_topic bridges/cloud/state
                try_private false
                restart_timeout 2 20
                start_type once
                bridge_outgoing_retain false
                bridge_cafile %s
                bridge_certfile %s
                bridge_keyfile %s
                bridge_insecure true
                bridge_tls_version tlsv1.3
                max_connections 10
                """.formatted(ca, cert, key));
        assertThat(c.warnings()).isEmpty();
        assertThat(c.broker().limits().maxConnections()).isEqualTo(10); // a broker directive after a bridge one
        BridgeConfig b = c.bridges().get(0);
        assertThat(b.addresses()).containsExactly(new BridgeConfig.Address("10.0.0.1", 8883),
                new BridgeConfig.Address("::1", 1884), new BridgeConfig.Address("broker.local", 1883));
        assertThat(b.topics()).containsExactly(
                new BridgeTopic("#", Direction.BOTH, QoS.EXACTLY_ONCE, "local/", "remote/"),
                new BridgeTopic("cmd/+", Direction.IN, QoS.AT_LEAST_ONCE, "", ""),
                new BridgeTopic("", Direction.OUT, QoS.AT_LEAST_ONCE, "a/b", "c/d"));
        assertThat(b.cleanSession()).isTrue();
        assertThat(b.remoteClientId()).isEqualTo("edge-1");
        assertThat(b.localClientId()).isEqualTo("edge-1-local");
        assertThat(b.remoteUsername()).isEqualTo("bridge");
        assertThat(b.remotePassword()).isEqualTo("s3cret pass");
        assertThat(b.toString()).contains("remotePassword=***").doesNotContain("s3cret");
        assertThat(b.keepAlive()).isEqualTo(30);
        assertThat(b.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_5);
        assertThat(b.tryPrivate()).isFalse();
        assertThat(b.notifications()).isEqualTo(new BridgeConfig.Notifications(false, true, "bridges/cloud/state"));
        assertThat(b.restart()).isEqualTo(new BridgeConfig.RestartTimeout(Duration.ofSeconds(2), Duration.ofSeconds(20)));
        assertThat(b.once()).isTrue();
        assertThat(b.outgoingRetain()).isFalse();
        assertThat(b.tls()).isEqualTo(new BridgeConfig.Tls(ca, null, cert, key, true, "tlsv1.3"));
    }

    @Test
    void read_twoConnections_eachGetsItsOwnSettings() throws Exception {
        ConfigFile c = read("connection a\naddress h1\ntopic x in\nclientid old-style\nconnection b\naddress h2:1999\n"
                + "topic y\nusername u\npassword p\n");
        assertThat(c.bridges()).extracting(BridgeConfig::name).containsExactly("a", "b");
        assertThat(c.bridges().get(0).remoteClientId()).isEqualTo("old-style");
        assertThat(c.bridges().get(1).remoteUsername()).isEqualTo("u");
        assertThat(c.bridges().get(1).remotePassword()).isEqualTo("p");
        assertThat(c.bridges().get(1).addresses()).containsExactly(new BridgeConfig.Address("h2", 1999));
    }

    @Test
    void read_unsupportedBridgeDirectiveOrLazyStart_warningWithFileAndLine() throws Exception {
        ConfigFile c = read("connection a\naddress h\ntopic x\nround_robin true\nstart_type lazy\n");
        assertThat(c.warnings()).containsExactly(
                dir.resolve("mosquitto.conf") + ":4: 'round_robin' is not supported, ignored",
                dir.resolve("mosquitto.conf") + ":5: start_type lazy is not supported; the bridge starts as automatic");
        assertThat(c.bridges()).hasSize(1);
    }

    @Test
    void read_constantRestartTimeout_baseEqualsCap() throws Exception {
        BridgeConfig b = read("connection a\naddress h\ntopic x\nrestart_timeout 7\n").bridges().get(0);
        assertThat(b.restart().next(null, 0.9)).isEqualTo(Duration.ofSeconds(7));
        assertThat(b.restart().next(Duration.ofSeconds(7), 0.1)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void restartTimeout_jitter_staysBetweenBaseAndCap() {
        BridgeConfig.RestartTimeout t = BridgeConfig.RestartTimeout.DEFAULT;
        assertThat(t.next(null, 0.99)).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.next(Duration.ofSeconds(5), 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.next(Duration.ofSeconds(5), 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.next(Duration.ofSeconds(20), 0.99)).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "address h\\ntopic x => 1: 'address' is a bridge setting and must follow a 'connection'",
            "connection => 1: 'connection' needs a value: a connection name",
            "connection a b => 1: 'connection' expects one name, not 'a b'",
            "connection a\\ntopic x => 1: bridge a has no 'address'",
            "connection a\\naddress h => 1: bridge a has no 'topic'",
            "connection a\\naddress h:0\\ntopic x => 2: 'address' expects host[:port] with a port 1..65535, not '0'",
            "connection a\\naddress :1883\\ntopic x => 2: 'address' expects host[:port], not ':1883'",
            "connection a\\naddress h\\ntopic x sideways => 3: 'topic' expects the direction in, out or both, not 'sideways'",
            "connection a\\naddress h\\ntopic x in 3 => 3: 'topic' expects the QoS 0, 1 or 2, not '3'",
            "connection a\\naddress h\\ntopic x in 0 a b c => 3: 'topic' expects pattern [in|out|both [qos [local-prefix [remote-prefix]]]], not 'x in 0 a b c'",
            "connection a\\naddress h\\ntopic \"\" in 0 l/ => 3: 'topic': an empty topic pattern needs both a local and a remote prefix",
            "connection a\\naddress h\\ntopic x in 0 l/+/ r/ => 3: 'topic': the prefix 'l/+/' must not contain wildcards",
            "connection a\\naddress h\\ntopic a/#/b => 3: 'topic': 'a/#/b' is not a valid topic filter: '#' must be the last character and occupy a whole level",
            "connection a\\naddress h\\ntopic x\\nkeepalive_interval 4 => 4: 'keepalive_interval' expects seconds 5..65535, not '4'",
            "connection a\\naddress h\\ntopic x\\nbridge_protocol_version mqttv4 => 4: 'bridge_protocol_version' expects mqttv311 or mqttv50, not 'mqttv4'",
            "connection a\\naddress h\\ntopic x\\ncleansession yes => 4: 'cleansession' expects true or false, not 'yes'",
            "connection a\\naddress h\\ntopic x\\nrestart_timeout 10 5 => 4: 'restart_timeout' expects a cap in seconds from the base up to 86400, not '5'",
            "connection a\\naddress h\\ntopic x\\nstart_type manual => 4: 'start_type' expects automatic, lazy or once, not 'manual'",
            "connection a\\naddress h\\ntopic x\\nnotification_topic a/# => 4: 'notification_topic' expects a topic without wildcards, not 'a/#'",
            "connection a\\naddress h\\ntopic x\\nbridge_tls_version sslv3 => 4: 'bridge_tls_version' expects tlsv1.3, tlsv1.2 or tlsv1.1, not 'sslv3'",
            "connection a\\naddress h\\ntopic x\\nremote_password p => 1: bridge a: remote_password needs remote_username",
            "connection a\\naddress h\\ntopic x\\nbridge_insecure true => 1: bridge a: TLS needs bridge_cafile or bridge_capath",
            "connection a\\naddress h\\ntopic x\\nconnection a\\naddress h\\ntopic y => 4: a bridge named 'a' is already declared on line 1",
    })
    void read_badBridge_errorWithFileAndLine(String content, String message) throws Exception {
        assertError(content.replace("\\n", "\n"), message);
    }

    @Test
    void read_missingCaFile_errorWithFileAndLine() throws Exception {
        assertError("connection a\naddress h\ntopic x\nbridge_cafile /no/such.pem\n",
                "4: bridge_cafile /no/such.pem does not exist");
    }

    @Test
    void topic_prefixes_remapBothWaysAsTheManPageTable() {
        BridgeTopic both = new BridgeTopic("pattern", Direction.BOTH, QoS.AT_MOST_ONCE, "L/", "R/");
        assertThat(both.localFilter()).isEqualTo("L/pattern");
        assertThat(both.remoteFilter()).isEqualTo("R/pattern");
        assertThat(both.toRemote("L/pattern")).isEqualTo("R/pattern");
        assertThat(both.toLocal("R/pattern")).isEqualTo("L/pattern");
        assertThat(both.toLocal("L/pattern")).isNull();
        BridgeTopic onlyLocal = new BridgeTopic("pattern", Direction.OUT, QoS.AT_MOST_ONCE, "L/", "");
        assertThat(onlyLocal.toRemote("L/pattern")).isEqualTo("pattern");
        BridgeTopic tree = new BridgeTopic("#", Direction.BOTH, QoS.EXACTLY_ONCE, "local/topic/", "remote/topic/");
        assertThat(tree.toRemote("local/topic/a/b")).isEqualTo("remote/topic/a/b");
        assertThat(tree.toLocal("remote/topic/x")).isEqualTo("local/topic/x");
        assertThat(tree.toLocal("elsewhere/x")).isNull();
        BridgeTopic single = new BridgeTopic("", Direction.IN, QoS.AT_MOST_ONCE, "test/mosquitto/org/clients/total",
                "$SYS/broker/clients/total");
        assertThat(single.remoteFilter()).isEqualTo("$SYS/broker/clients/total");
        assertThat(single.toLocal("$SYS/broker/clients/total")).isEqualTo("test/mosquitto/org/clients/total");
        BridgeTopic wild = new BridgeTopic("+/temp", Direction.IN, QoS.AT_MOST_ONCE, "", "");
        assertThat(wild.toLocal("room/temp")).isEqualTo("room/temp");
        assertThat(wild.toLocal("room/humidity")).isNull();
    }

    @Test
    void read_manPageExample_remapsRemoteSysTopic() throws Exception {
        BridgeConfig b = read("connection test-mosquitto-org\naddress test.mosquitto.org\ncleansession true\n"
                + "topic clients/total in 0 test/mosquitto/org/ $SYS/broker/\n").bridges().get(0);
        BridgeTopic t = b.topics().get(0);
        assertThat(t.remoteFilter()).isEqualTo("$SYS/broker/clients/total");
        assertThat(t.toLocal("$SYS/broker/clients/total")).isEqualTo("test/mosquitto/org/clients/total");
        assertThat(List.of(b.cleanSession())).containsExactly(true);
    }
}
