package io.mqttools.broker.config;

import io.mqttools.broker.BrokerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings read so far, directive by directive, and the checks that need the whole file ({@link #build}).
 * mosquitto 2 semantics: listener settings apply to the latest {@code listener} (before the first one, to
 * the default listener of {@code port}/{@code bind_address}); everything else applies to the whole broker.
 */
final class ConfDraft {
    private static final int DEFAULT_PORT = 1883;

    private final List<String> warnings = new ArrayList<>();
    private final List<ListenerDraft> listeners = new ArrayList<>();
    private ListenerDraft defaultListener;
    private ListenerDraft current;
    private final SecurityDraft global = new SecurityDraft();
    /** {@code per_listener_settings true}: allow_anonymous, password_file and acl_file go to the listener. */
    private boolean perListener;
    /** Where the first security setting was, which per_listener_settings must precede (as mosquitto requires). */
    private ConfLine firstSecurity;
    private final Limits defaults = Limits.DEFAULTS;
    private int maxConnections = defaults.maxConnections();
    private int maxInflight = defaults.maxInflight();
    private int maxQueued = defaults.maxQueuedMessages();
    private long maxQueuedBytes = defaults.maxQueuedBytes();
    private int maxPacketSize = defaults.maxPacketSize();
    private boolean maxPacketSizeSet;
    private int maxKeepAlive = defaults.serverKeepAlive();
    private long maxSessionExpiry = defaults.maxSessionExpiryInterval();
    private Path pidFile;
    private boolean persistence;
    private Path persistenceLocation;
    private Duration sysInterval = MetricsConfig.DEFAULTS.sysInterval();
    private boolean retainAvailable = true;
    private boolean connectionMessages = true;
    private final LogDraft log = new LogDraft(warnings);
    private final List<BridgeDraft> bridges = new ArrayList<>();

    void apply(ConfLine line) {
        if (BridgeDraft.DIRECTIVES.contains(line.directive())) {
            bridge(line);
            return;
        }
        switch (line.directive()) {
            case "listener" -> listener(line);
            case "port" -> defaultListener(line).port = (int) line.integer(0, 65_535, "a port number 0..65535");
            case "bind_address" -> defaultListener(line).host = line.text("an address or host name");
            case "protocol" -> target(line).protocol = switch (line.text("mqtt or websockets")) {
                case "mqtt" -> Listener.Protocol.MQTT;
                case "websockets" -> Listener.Protocol.WEBSOCKETS;
                default -> throw line.error("'protocol' expects mqtt or websockets, not '" + line.value() + "'");
            };
            case "cafile" -> target(line).caFile = line.readableFile();
            case "capath" -> target(line).caPath = line.readableDirectory();
            case "certfile" -> target(line).certFile = line.readableFile();
            case "keyfile" -> target(line).keyFile = line.readableFile();
            case "require_certificate" -> target(line).requireCertificate = line.bool();
            case "use_identity_as_username" -> target(line).useIdentityAsUsername = line.bool();
            // mosquitto 2.1: the PROXY protocol version; either value accepts v1 and v2 headers here
            case "enable_proxy_protocol" -> target(line).proxyProtocol =
                    line.integer(1, 2, "the PROXY protocol version, 1 or 2") > 0;
            case "tls_version" -> {
                String v = line.text("tlsv1.3, tlsv1.2 or tlsv1.1");
                if (!TlsConfig.VERSIONS.contains(v)) {
                    throw line.error("'tls_version' expects tlsv1.3, tlsv1.2 or tlsv1.1, not '" + v + "'");
                }
                target(line).tlsVersion = v;
            }
            case "allow_anonymous" -> {
                boolean value = line.bool();
                security(line).allowAnonymous = value;
            }
            // mosquitto 2.1: a listener's own allow_anonymous, whatever per_listener_settings says
            case "listener_allow_anonymous" -> target(line).listenerAllowAnonymous = line.bool();
            case "per_listener_settings" -> {
                boolean value = line.bool();
                if (value && firstSecurity != null) {
                    throw line.error("per_listener_settings must come before the security settings it changes, but '"
                            + firstSecurity.directive() + "' comes first at " + firstSecurity.file() + ":"
                            + firstSecurity.number());
                }
                perListener = value;
            }
            case "password_file" -> {
                Path value = line.readableFile();
                security(line).passwordFile = value;
            }
            case "acl_file" -> {
                Path value = line.readableFile();
                security(line).aclFile = value;
            }
            case "scram_file" -> { // ours: SCRAM-SHA-256 credentials
                Path value = line.readableFile();
                security(line).scramFile = value;
            }
            case "max_connections" -> {
                long n = line.integer(-1, Integer.MAX_VALUE, "-1 (unlimited) or a positive number");
                if (n == 0) {
                    throw line.error("'max_connections' expects -1 (unlimited) or a positive number, not '0'");
                }
                maxConnections = n < 0 ? Integer.MAX_VALUE : (int) n;
            }
            case "max_inflight_messages" -> {
                long n = line.integer(0, 65_535, "0 (no maximum) or 1..65535");
                maxInflight = n == 0 ? 65_535 : (int) n;
            }
            case "max_queued_messages" -> {
                long n = line.integer(0, Integer.MAX_VALUE, "0 (no maximum) or a positive number");
                maxQueued = n == 0 ? Integer.MAX_VALUE : (int) n;
            }
            case "max_queued_bytes" -> maxQueuedBytes = line.integer(0, Long.MAX_VALUE,
                    "0 (no maximum) or a positive number of bytes");
            case "max_packet_size" -> {
                maxPacketSize = packetSize(line);
                maxPacketSizeSet = true;
            }
            case "message_size_limit" -> {
                int limit = packetSize(line);
                warn(line, "'message_size_limit' is applied as max_packet_size: it limits the whole packet, and a"
                        + " larger one disconnects the client");
                if (!maxPacketSizeSet) {
                    maxPacketSize = limit;
                }
            }
            case "max_keepalive" -> maxKeepAlive = (int) line.integer(0, 65_535, "seconds 0..65535");
            // sessions of clients gone for longer end; a 5.0 client asking for more is told this in its CONNACK
            case "persistent_client_expiration" ->
                    maxSessionExpiry = Math.min(line.duration(), defaults.maxSessionExpiryInterval());
            case "pid_file" -> pidFile = Path.of(line.text("a file name"));
            case "socket_domain" -> {
                String domain = line.text("ipv4 or ipv6");
                ListenerDraft l = target(line);
                switch (domain) {
                    case "ipv4" -> l.ipv4Only = true;
                    case "ipv6" -> warn(line, "'socket_domain ipv6' is not supported: the listener accepts IPv4 and IPv6");
                    default -> throw line.error("'socket_domain' expects ipv4 or ipv6, not '" + domain + "'");
                }
            }
            case "autosave_interval", "autosave_on_changes" -> warn(line, "'" + line.directive() + "' has no effect:"
                    + " with persistence every change is in the store before it is acknowledged");
            case "persistence" -> persistence = line.bool();
            case "persistence_location" -> persistenceLocation = Path.of(line.text("a directory"));
            case "retain_available" -> retainAvailable = line.bool();
            case "connection_messages" -> connectionMessages = line.bool();
            case "sys_interval" ->
                    sysInterval = Duration.ofSeconds(line.integer(0, Integer.MAX_VALUE, "seconds, 0 to disable $SYS"));
            case "log_dest" -> log.destination(line);
            case "log_type" -> log.type(line);
            default -> {
                if (MosquittoDirectives.unsupported(line.directive())) {
                    warn(line, "'" + line.directive() + "' is not supported, ignored");
                } else {
                    throw line.error("unknown directive '" + line.directive() + "'");
                }
            }
        }
    }

    /** {@code connection} starts a bridge; the other bridge directives apply to the latest one. */
    private void bridge(ConfLine line) {
        if (line.directive().equals("connection")) {
            BridgeDraft b = new BridgeDraft(line, warnings);
            for (BridgeDraft other : bridges) {
                if (other.name().equals(b.name())) {
                    throw line.error("a bridge named '" + b.name() + "' is already declared on line "
                            + other.declared.number());
                }
            }
            bridges.add(b);
        } else if (bridges.isEmpty()) {
            throw line.error("'" + line.directive() + "' is a bridge setting and must follow a 'connection'");
        } else {
            bridges.get(bridges.size() - 1).apply(line);
        }
    }

    private static int packetSize(ConfLine line) {
        long n = line.integer(0, 268_435_460, "0 (no limit) or a size in bytes 16..268435460");
        if (n != 0 && n < 16) {
            throw line.error("'" + line.directive() + "' expects 0 (no limit) or a size in bytes 16..268435460, not '"
                    + line.value() + "'");
        }
        return n == 0 ? 268_435_460 : (int) n;
    }

    private void listener(ConfLine line) {
        String[] words = line.text("a port number and optionally a bind address").split("\\s+");
        if (words.length > 2) {
            throw line.error("'listener' expects a port and optionally a bind address, not '" + line.value() + "'");
        }
        ConfLine portPart = new ConfLine(line.file(), line.number(), line.directive(), words[0]);
        ListenerDraft l = new ListenerDraft(line);
        l.port = (int) portPart.integer(0, 65_535, "a port number 0..65535");
        if (words.length == 2) {
            if (words[1].startsWith("/")) {
                throw line.error("unix socket listeners (" + words[1] + ") are not supported");
            }
            l.host = words[1];
        }
        listeners.add(l);
        current = l;
    }

    /**
     * Where a security setting goes: the current listener with per_listener_settings true (before the first
     * {@code listener}, the default one), else the broker-wide settings.
     */
    private SecurityDraft security(ConfLine line) {
        if (firstSecurity == null) {
            firstSecurity = line;
        }
        return perListener ? target(line).security : global;
    }

    private ListenerDraft defaultListener(ConfLine line) {
        warn(line, "'" + line.directive() + "' is deprecated in mosquitto 2; prefer 'listener'");
        if (defaultListener == null) {
            defaultListener = new ListenerDraft(line);
        }
        return defaultListener;
    }

    /** The listener a listener setting applies to: the latest {@code listener}, else the default one. */
    private ListenerDraft target(ConfLine line) {
        if (current != null) {
            return current;
        }
        if (defaultListener == null) {
            defaultListener = new ListenerDraft(line);
        }
        return defaultListener;
    }

    private void warn(ConfLine line, String message) {
        warnings.add(line.where() + message);
    }

    ConfigFile build(Path file) {
        List<Listener> built = new ArrayList<>();
        List<ListenerDraft> drafts = new ArrayList<>(); // the draft of each built listener
        boolean localOnly = listeners.isEmpty() && (defaultListener == null
                || (defaultListener.port == null && defaultListener.host == null));
        if (localOnly) {
            // mosquitto 2 without listeners: port 1883 on the loopback interface only, anonymous clients allowed
            ListenerDraft local = defaultListener == null ? new ListenerDraft(new ConfLine(file, 1, "", "")) : defaultListener;
            local.host = "localhost";
            built.add(local.build("the default listener", DEFAULT_PORT));
            drafts.add(local);
        } else {
            if (defaultListener != null && (defaultListener.port != null || defaultListener.host != null)) {
                built.add(defaultListener.build("the default listener", DEFAULT_PORT));
                drafts.add(defaultListener);
            } else if (defaultListener != null) {
                warnings.add(defaultListener.declared.where() + "settings before the first 'listener' apply to the"
                        + " default listener, which is not started without 'port' or 'bind_address'; ignored");
            }
            for (ListenerDraft l : listeners) {
                built.add(l.build("the listener of line " + l.declared.number(), DEFAULT_PORT));
                drafts.add(l);
            }
        }
        // mosquitto 2: anonymous clients are refused unless allowed, except by the local-only default listener
        SecurityConfig security = global.build(localOnly);
        for (int i = 0; i < built.size(); i++) {
            ListenerDraft draft = drafts.get(i);
            SecurityConfig own = perListener ? draft.security.build(localOnly) : null;
            if (draft.listenerAllowAnonymous != null) {
                SecurityConfig base = own != null ? own : security;
                own = new SecurityConfig(draft.listenerAllowAnonymous, base.passwordFile(), base.aclFile(), base.scramFile());
            }
            if (own != null) {
                built.set(i, built.get(i).withSecurity(own));
            }
        }
        // the store is a directory of its own inside persistence_location, beside a mosquitto.db that may be there
        PersistenceConfig persistenceConfig = PersistenceConfig.fromMosquitto(persistence, persistenceLocation);
        Limits limits;
        try {
            limits = new Limits(maxConnections, maxPacketSize, defaults.receiveMaximum(), maxInflight, maxQueued,
                    maxKeepAlive, maxSessionExpiry, defaults.topicAliasMaximum(),
                    defaults.maxTopicLength(), defaults.maxTopicLevels(), maxQueuedBytes);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(file + ": " + e.getMessage(), e);
        }
        Features features = new Features(Features.DEFAULTS.responseInformation(),
                Features.DEFAULTS.retainedExpirySweep(), retainAvailable, connectionMessages);
        MetricsConfig metrics = new MetricsConfig(sysInterval, MetricsConfig.DEFAULTS.httpPort());
        List<BridgeConfig> bridgeConfigs = new ArrayList<>();
        if (!bridges.isEmpty()) {
            String hostname = hostname();
            for (BridgeDraft b : bridges) {
                bridgeConfigs.add(b.build(hostname));
            }
        }
        return new ConfigFile(new BrokerConfig(built, limits, security, persistenceConfig, features, metrics),
                log.build(), warnings, pidFile, bridgeConfigs);
    }

    /** This computer's name, which mosquitto puts in a bridge's default client id. */
    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
