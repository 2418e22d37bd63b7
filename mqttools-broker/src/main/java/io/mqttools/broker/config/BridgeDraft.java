package io.mqttools.broker.config;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The directives of one {@code connection} block as the file gives them; {@link #build} checks them together. */
final class BridgeDraft {
    /** The bridge directives read here; the other mosquitto bridge directives are known but unsupported. */
    static final Set<String> DIRECTIVES = Set.of("connection", "address", "addresses", "topic", "cleansession",
            "remote_clientid", "clientid", "remote_username", "username", "remote_password", "password",
            "local_clientid", "keepalive_interval", "bridge_protocol_version", "notifications",
            "notifications_local_only", "notification_topic", "try_private", "restart_timeout", "start_type",
            "bridge_outgoing_retain", "bridge_cafile", "bridge_capath", "bridge_certfile", "bridge_keyfile",
            "bridge_insecure", "bridge_tls_version");

    final ConfLine declared;
    private final String name;
    private final List<String> warnings;
    private final List<BridgeConfig.Address> addresses = new ArrayList<>();
    private final List<BridgeTopic> topics = new ArrayList<>();
    private boolean cleanSession;
    private String remoteClientId;
    private String localClientId;
    private String remoteUsername;
    private String remotePassword;
    private int keepAlive = 60;
    private ProtocolVersion version = ProtocolVersion.MQTT_3_1_1;
    private boolean tryPrivate = true;
    private boolean notifications = true;
    private boolean notificationsLocalOnly;
    private String notificationTopic;
    private BridgeConfig.RestartTimeout restart = BridgeConfig.RestartTimeout.DEFAULT;
    private boolean once;
    private boolean outgoingRetain = true;
    private Path caFile;
    private Path caPath;
    private Path certFile;
    private Path keyFile;
    private boolean insecure;
    private String tlsVersion;

    BridgeDraft(ConfLine declared, List<String> warnings) {
        this.declared = declared;
        this.warnings = warnings;
        String n = declared.text("a connection name");
        if (n.split("\\s+").length > 1) {
            throw declared.error("'connection' expects one name, not '" + n + "'");
        }
        this.name = n;
    }

    String name() {
        return name;
    }

    void apply(ConfLine line) {
        switch (line.directive()) {
            case "address", "addresses" -> {
                for (String word : line.text("host[:port] ...").split("\\s+")) {
                    addresses.add(address(line, word));
                }
            }
            case "topic" -> topics.add(topic(line));
            case "cleansession" -> cleanSession = line.bool();
            case "remote_clientid", "clientid" -> remoteClientId = word(line, "a client id");
            case "local_clientid" -> localClientId = word(line, "a client id");
            case "remote_username", "username" -> remoteUsername = line.text("a user name");
            case "remote_password", "password" -> remotePassword = line.text("a password");
            case "keepalive_interval" -> keepAlive = (int) line.integer(5, 65_535, "seconds 5..65535");
            case "bridge_protocol_version" -> version = switch (line.text("mqttv311 or mqttv50")) {
                case "mqttv311" -> ProtocolVersion.MQTT_3_1_1;
                case "mqttv50" -> ProtocolVersion.MQTT_5;
                case "mqttv31" -> throw line.error("bridge_protocol_version mqttv31 is not supported: use mqttv311"
                        + " or mqttv50");
                default -> throw line.error("'bridge_protocol_version' expects mqttv311 or mqttv50, not '"
                        + line.value() + "'");
            };
            case "notifications" -> notifications = line.bool();
            case "notifications_local_only" -> notificationsLocalOnly = line.bool();
            case "notification_topic" -> notificationTopic = topicName(line);
            case "try_private" -> tryPrivate = line.bool();
            case "restart_timeout" -> restart = restartTimeout(line);
            case "start_type" -> {
                switch (line.text("automatic, lazy or once")) {
                    case "automatic" -> once = false;
                    case "once" -> once = true;
                    case "lazy" -> {
                        once = false;
                        warnings.add(line.where() + "start_type lazy is not supported; the bridge starts as automatic");
                    }
                    default -> throw line.error("'start_type' expects automatic, lazy or once, not '" + line.value()
                            + "'");
                }
            }
            case "bridge_outgoing_retain" -> outgoingRetain = line.bool();
            case "bridge_cafile" -> caFile = line.readableFile();
            case "bridge_capath" -> caPath = line.readableDirectory();
            case "bridge_certfile" -> certFile = line.readableFile();
            case "bridge_keyfile" -> keyFile = line.readableFile();
            case "bridge_insecure" -> insecure = line.bool();
            case "bridge_tls_version" -> {
                String v = line.text("tlsv1.3, tlsv1.2 or tlsv1.1");
                if (!TlsConfig.VERSIONS.contains(v)) {
                    throw line.error("'bridge_tls_version' expects tlsv1.3, tlsv1.2 or tlsv1.1, not '" + v + "'");
                }
                tlsVersion = v;
            }
            default -> throw new IllegalStateException("not a bridge directive: " + line.directive());
        }
    }

    private static String word(ConfLine line, String expected) {
        String v = line.text(expected);
        if (v.split("\\s+").length > 1) {
            throw line.error("'" + line.directive() + "' expects " + expected + ", not '" + v + "'");
        }
        return v;
    }

    private static String topicName(ConfLine line) {
        String t = line.text("a topic");
        if (t.contains("+") || t.contains("#")) {
            throw line.error("'" + line.directive() + "' expects a topic without wildcards, not '" + t + "'");
        }
        return t;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port}, or a bare IPv6 address with its port last, as mosquitto. */
    private static BridgeConfig.Address address(ConfLine line, String word) {
        String host = word;
        String port = null;
        if (word.startsWith("[")) {
            int end = word.indexOf(']');
            if (end < 0 || (end + 1 < word.length() && word.charAt(end + 1) != ':')) {
                throw line.error("'" + line.directive() + "' expects host[:port], not '" + word + "'");
            }
            host = word.substring(1, end);
            port = end + 1 < word.length() ? word.substring(end + 2) : null;
        } else {
            int colon = word.lastIndexOf(':');
            if (colon >= 0) {
                host = word.substring(0, colon);
                port = word.substring(colon + 1);
            }
        }
        if (host.isEmpty()) {
            throw line.error("'" + line.directive() + "' expects host[:port], not '" + word + "'");
        }
        int p = 1883;
        if (port != null) {
            p = (int) new ConfLine(line.file(), line.number(), line.directive(), port)
                    .integer(1, 65_535, "host[:port] with a port 1..65535");
        }
        return new BridgeConfig.Address(host, p);
    }

    /** {@code topic pattern [[[ out | in | both ] qos-level] local-prefix remote-prefix]}; {@code ""} is empty. */
    private static BridgeTopic topic(ConfLine line) {
        String[] w = line.text("pattern [in|out|both [qos [local-prefix [remote-prefix]]]]").split("\\s+");
        if (w.length > 5) {
            throw line.error("'topic' expects pattern [in|out|both [qos [local-prefix [remote-prefix]]]], not '"
                    + line.value() + "'");
        }
        BridgeTopic.Direction direction = BridgeTopic.Direction.OUT;
        if (w.length > 1) {
            direction = switch (w[1]) {
                case "in" -> BridgeTopic.Direction.IN;
                case "out" -> BridgeTopic.Direction.OUT;
                case "both" -> BridgeTopic.Direction.BOTH;
                default -> throw line.error("'topic' expects the direction in, out or both, not '" + w[1] + "'");
            };
        }
        QoS qos = QoS.AT_MOST_ONCE;
        if (w.length > 2) {
            qos = QoS.of((int) new ConfLine(line.file(), line.number(), line.directive(), w[2])
                    .integer(0, 2, "the QoS 0, 1 or 2"));
        }
        try {
            return new BridgeTopic(unquote(w[0]), direction, qos, w.length > 3 ? unquote(w[3]) : "",
                    w.length > 4 ? unquote(w[4]) : "");
        } catch (IllegalArgumentException e) {
            throw line.error("'topic': " + e.getMessage());
        }
    }

    private static String unquote(String word) {
        return word.equals("\"\"") ? "" : word;
    }

    /** {@code restart_timeout constant} or {@code restart_timeout base cap}, in seconds. */
    private static BridgeConfig.RestartTimeout restartTimeout(ConfLine line) {
        String[] w = line.text("seconds, or a base and a cap in seconds").split("\\s+");
        if (w.length > 2) {
            throw line.error("'restart_timeout' expects seconds, or a base and a cap in seconds, not '"
                    + line.value() + "'");
        }
        long base = new ConfLine(line.file(), line.number(), line.directive(), w[0])
                .integer(0, 86_400, "seconds 0..86400");
        long cap = w.length == 1 ? base : new ConfLine(line.file(), line.number(), line.directive(), w[1])
                .integer(base, 86_400, "a cap in seconds from the base up to 86400");
        return new BridgeConfig.RestartTimeout(Duration.ofSeconds(base), Duration.ofSeconds(cap));
    }

    /** @param hostname this computer's name, for the default client ids */
    BridgeConfig build(String hostname) {
        if (addresses.isEmpty()) {
            throw declared.error("bridge " + name + " has no 'address'");
        }
        if (topics.isEmpty()) {
            throw declared.error("bridge " + name + " has no 'topic'");
        }
        if (remotePassword != null && remoteUsername == null) {
            throw declared.error("bridge " + name + ": remote_password needs remote_username");
        }
        String remoteId = remoteClientId != null ? remoteClientId : name + "." + hostname;
        String localId = localClientId != null ? localClientId : "local." + remoteId;
        if (localId.equals(remoteId)) {
            warnings.add(declared.where() + "bridge " + name + ": local_clientid and remote_clientid are the same,"
                    + " which loops if the bridge connects to this broker");
        }
        BridgeConfig.Notifications notes = new BridgeConfig.Notifications(notifications, notificationsLocalOnly,
                notificationTopic != null ? notificationTopic : "$SYS/broker/connection/" + remoteId + "/state");
        BridgeConfig.Tls tls = null;
        if (caFile != null || caPath != null || certFile != null || keyFile != null || tlsVersion != null
                || insecure) {
            try {
                tls = new BridgeConfig.Tls(caFile, caPath, certFile, keyFile, insecure, tlsVersion);
            } catch (IllegalArgumentException e) {
                throw declared.error("bridge " + name + ": " + e.getMessage());
            }
        }
        return new BridgeConfig(name, addresses, topics, cleanSession, remoteId, localId, remoteUsername,
                remotePassword, keepAlive, version, tryPrivate, notes, restart, once, outgoingRetain, tls);
    }
}
