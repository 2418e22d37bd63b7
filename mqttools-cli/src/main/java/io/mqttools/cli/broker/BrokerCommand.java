package io.mqttools.cli.broker;

import io.mqttools.broker.Broker;
import io.mqttools.bridge.Bridges;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.ConfigFile;
import io.mqttools.broker.config.ConfigFileException;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.LogSettings;
import io.mqttools.broker.config.MosquittoConf;
import io.mqttools.broker.config.PersistenceConfig;
import io.mqttools.broker.config.SecurityConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mqttools broker}: runs an MQTT broker until Ctrl-C or SIGTERM, which close it cleanly.
 * {@code --host 0.0.0.0} listens on every interface (how boards on the network reach it).
 * {@code -c FILE} reads a mosquitto.conf file; options given on the command line override it.
 */
@Command(name = "broker", description = "Run an MQTT 5.0 / 3.1.1 / 3.1 broker.")
public final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-c", "--config-file"}, paramLabel = "FILE",
            description = "Read a mosquitto.conf file (see docs/configuration.md); options given here override it.")
    Path configFile;

    @Option(names = "--host", defaultValue = "localhost",
            description = "Interface to listen on (0.0.0.0 for all; default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "1883", description = "Plain TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--secure-port", defaultValue = "8883",
            description = "TLS port, used when --cafile, --certfile and --keyfile are given (default: ${DEFAULT-VALUE}).")
    int securePort;

    @Option(names = "--cafile", description = "CA certificates (PEM) for client certificates.")
    Path caFile;

    @Option(names = "--certfile", description = "Server certificate chain (PEM).")
    Path certFile;

    @Option(names = "--keyfile", description = "Server private key (PEM).")
    Path keyFile;

    @Option(names = "--no-check-hostname",
            description = "Accepted for compatibility with Python mqttools; a server does not check client host names.")
    boolean noCheckHostname;

    @Option(names = "--require-certificate", description = "Require client certificates signed by the CA.")
    boolean requireCertificate;

    @Option(names = "--max-connections", description = "Most open connections (default: ${DEFAULT-VALUE}).")
    int maxConnections = Limits.DEFAULTS.maxConnections();

    @Option(names = "--max-packet-size", description = "Largest packet accepted, in bytes (default: ${DEFAULT-VALUE}).")
    int maxPacketSize = Limits.DEFAULTS.maxPacketSize();

    @Option(names = "--max-inflight",
            description = "Unacknowledged QoS 1/2 messages sent per client (default: ${DEFAULT-VALUE}).")
    int maxInflight = Limits.DEFAULTS.maxInflight();

    @Option(names = "--max-queued-messages",
            description = "Messages queued per session beyond those in flight (default: ${DEFAULT-VALUE}).")
    int maxQueuedMessages = Limits.DEFAULTS.maxQueuedMessages();

    @Option(names = "--max-queued-bytes", paramLabel = "BYTES", description = "Payload bytes queued per session "
            + "beyond those in flight, 0 for no byte bound (default: ${DEFAULT-VALUE}).")
    long maxQueuedBytes = Limits.DEFAULTS.maxQueuedBytes();

    @Option(names = "--max-keep-alive", description = "Largest keep alive in seconds, 0 for none (default: ${DEFAULT-VALUE}).")
    int maxKeepAlive = Limits.DEFAULTS.serverKeepAlive();

    @Option(names = "--max-session-expiry-interval",
            description = "Largest Session Expiry Interval in seconds (default: ${DEFAULT-VALUE}, never).")
    long maxSessionExpiry = Limits.DEFAULTS.maxSessionExpiryInterval();

    @Option(names = "--response-information", paramLabel = "PREFIX",
            description = "Send PREFIX + client id as Response Information to 5.0 clients that request it.")
    String responseInformation;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "mosquitto password file (mqttools passwd or mosquitto_passwd make one); SIGHUP re-reads it.")
    Path passwordFile;

    @Option(names = "--scram-file", paramLabel = "FILE",
            description = "SCRAM-SHA-256 credentials for MQTT 5 enhanced authentication (mqttools passwd --scram makes one);"
                    + " SIGHUP re-reads it.")
    Path scramFile;

    @Option(names = "--acl-file", paramLabel = "FILE",
            description = "mosquitto ACL file of topic rules per user; SIGHUP re-reads it.")
    Path aclFile;

    @Option(names = "--allow-anonymous", paramLabel = "true|false", arity = "1",
            description = "Let clients without a user name in (default: true without --password-file, false with one).")
    Boolean allowAnonymous;

    @Option(names = "--sys-interval", paramLabel = "SECONDS",
            description = "Publish the $SYS topics every SECONDS, 0 for never (default: ${DEFAULT-VALUE}).")
    long sysInterval = 10;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics and the web dashboard at "
                    + "http://HOST:PORT/ (default: off).")
    Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep sessions, queued messages and retained messages in DIR (RocksDB), so that an "
                    + "acknowledged message survives a crash; default: in memory only.")
    Path dataDir;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Event loops that own the connections (default: half the processors, at least 1). "
                    + "More carry more messages per second on a big machine; fewer keep a message from "
                    + "waiting for another loop to wake up.")
    Integer ioThreads;

    @Option(names = "--log-level", defaultValue = "info",
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ConfigFile file = null;
        if (configFile != null) {
            try {
                file = MosquittoConf.read(configFile);
            } catch (ConfigFileException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
        }
        configureLogging(file == null ? LogSettings.DEFAULT : file.log());
        if (file != null) {
            file.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
        }
        int given = (caFile != null ? 1 : 0) + (certFile != null ? 1 : 0) + (keyFile != null ? 1 : 0);
        if (given != 0 && given != 3) {
            err.println("error: TLS needs all of --cafile, --certfile and --keyfile");
            return 2;
        }
        Broker.Builder builder = file == null ? Broker.builder().host(host).port(port)
                : Broker.builder().config(file.broker()).listeners(overriddenListeners(file.broker().listeners()));
        if (ioThreads != null) {
            if (ioThreads < 1) {
                err.println("error: --io-threads must be 1 or more, not " + ioThreads);
                return 2;
            }
            builder.ioThreads(ioThreads);
        }
        if (file == null || matched("--max-connections")) {
            builder.maxConnections(maxConnections);
        }
        if (file == null || matched("--max-packet-size")) {
            builder.maxPacketSize(maxPacketSize);
        }
        if (file == null || matched("--max-inflight")) {
            builder.maxInflight(maxInflight);
        }
        if (file == null || matched("--max-queued-messages")) {
            builder.maxQueuedMessages(maxQueuedMessages);
        }
        if (maxQueuedBytes < 0) {
            err.println("error: --max-queued-bytes must be 0 (no bound) or more bytes, not " + maxQueuedBytes);
            return 2;
        }
        if (file == null || matched("--max-queued-bytes")) {
            builder.maxQueuedBytes(maxQueuedBytes);
        }
        if (file == null || matched("--max-keep-alive")) {
            builder.serverKeepAlive(maxKeepAlive);
        }
        if (file == null || matched("--max-session-expiry-interval")) {
            builder.maxSessionExpiryInterval(maxSessionExpiry);
        }
        if (file == null || matched("--response-information")) {
            builder.responseInformation(responseInformation);
        }
        if (given == 3 && file == null) {
            builder.tls(securePort, caFile, certFile, keyFile, requireCertificate);
        }
        if (file == null || matched("--password-file") || matched("--acl-file") || matched("--allow-anonymous")
                || matched("--scram-file")) {
            // the options given win over the file's password_file, acl_file, scram_file and allow_anonymous
            SecurityConfig fromFile = file == null ? null : file.broker().security();
            Path passwords = file == null || matched("--password-file") ? passwordFile : fromFile.passwordFile();
            Path acl = file == null || matched("--acl-file") ? aclFile : fromFile.aclFile();
            Path scram = file == null || matched("--scram-file") ? scramFile : fromFile.scramFile();
            boolean anonymous = allowAnonymous != null ? allowAnonymous
                    : file == null ? passwords == null && scram == null : fromFile.allowAnonymous();
            builder.security(new SecurityConfig(anonymous, passwords, acl, scram));
        }
        if (sysInterval < 0) {
            err.println("error: --sys-interval must be 0 (off) or more seconds, not " + sysInterval);
            return 2;
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65_535)) {
            err.println("error: --http-port must be 0..65535, not " + httpPort);
            return 2;
        }
        if (file == null || matched("--sys-interval")) { // sys_interval of the file otherwise
            builder.sysInterval(Duration.ofSeconds(sysInterval));
        }
        if (httpPort != null) {
            builder.httpPort(httpPort);
        }
        if (dataDir != null) { // over the file's persistence settings too
            builder.persistence(new PersistenceConfig(dataDir));
        }
        // SIGTERM and SIGINT (Ctrl-C) close the broker and let the command return 0; a JVM that shuts down
        // because of the signal would exit with 128 + its number. Handled from before the listeners open, so
        // that a signal sent as soon as the port accepts is not the JVM's default; one that comes while the
        // broker starts stops it once it has started.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(signal), s -> stopRequested.countDown());
            } catch (IllegalArgumentException unavailable) {
                // the platform does not let us handle it: the shutdown hook below still closes the broker
            }
        }
        // before the listeners: whoever sees the port open finds the file
        PidFile written = file == null || file.pidFile() == null ? null : PidFile.write(configFile, file.pidFile(), err);
        RunningBroker running;
        Broker broker;
        try {
            broker = builder.build();
            running = broker.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            if (written != null) {
                written.remove();
            }
            return 1;
        }
        Bridges bridges;
        try { // the connection blocks of the file: each a client of its remote broker, attached in-process
            bridges = Bridges.start(file == null ? List.of() : file.bridges(), running);
        } catch (IllegalArgumentException | IllegalStateException e) {
            running.close();
            err.println("error: " + e.getMessage());
            return 1;
        }
        Runnable stop = () -> {
            bridges.close();
            running.close();
            if (written != null) {
                written.remove();
            }
        };
        try { // SIGHUP re-reads the password, SCRAM and ACL files and the TLS certificates, as it makes mosquitto do
            Signal.handle(new Signal("HUP"), s -> new Thread(running::reloadSecurity, "mqttools-reload").start());
        } catch (IllegalArgumentException unavailable) {
            // no SIGHUP on this platform
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mqttools-broker-shutdown")); // other exits
        LoggerFactory.getLogger(BrokerCommand.class).info("listening on {}", describe(broker.config().listeners(),
                running.ports()));
        if (running.httpPort() >= 0) {
            LoggerFactory.getLogger(BrokerCommand.class).info("metrics at http://{}:{}/metrics",
                    file == null ? host : "(first listener's address)", running.httpPort());
            LoggerFactory.getLogger(BrokerCommand.class).info("dashboard at http://{}:{}/",
                    file == null ? host : "(first listener's address)", running.httpPort());
        }
        stopRequested.await();
        stop.run();
        return 0;
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The file's listeners with the command line's changes: {@code --host}/{@code --port} replace the first
     * listener's bind address and port, and the TLS options add a TLS listener on {@code --secure-port}.
     */
    private List<Listener> overriddenListeners(List<Listener> fromFile) {
        List<Listener> listeners = new ArrayList<>(fromFile);
        Listener first = listeners.get(0);
        if (matched("--host")) {
            first = first.withHost(host);
        }
        if (matched("--port")) {
            first = first.withPort(port);
        }
        listeners.set(0, first);
        if (caFile != null && certFile != null && keyFile != null) {
            listeners.add(new Listener(matched("--host") ? host : first.host(), securePort, Listener.Protocol.MQTT,
                    io.mqttools.broker.config.TlsConfig.of(caFile, certFile, keyFile, requireCertificate)));
        }
        return listeners;
    }

    /** Sets up the CLI's logging (slf4j-simple's properties, io.mqttools.cli.common.log), which reads its settings once, when the first logger is created: before that. */
    private void configureLogging(LogSettings log) {
        String level = log.level() == null || matched("--log-level") ? logLevel : log.level();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.toLowerCase(Locale.ROOT));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        switch (log.destination()) {
            case STDOUT -> System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
            case FILE -> System.setProperty("org.slf4j.simpleLogger.logFile", log.file().toString());
            case STDERR -> System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        }
    }

    /** {@code 127.0.0.1:1883 (mqtt), *:9001 (ws)}: the bound ports, "*" for every interface. */
    static String describe(List<Listener> listeners, List<Integer> ports) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            String scheme = l.protocol() == Listener.Protocol.MQTT ? (l.secure() ? "mqtts" : "mqtt")
                    : (l.secure() ? "wss" : "ws");
            parts.add((l.host() == null ? "*" : l.host()) + ":" + ports.get(i) + " (" + scheme + ")");
        }
        return parts.stream().collect(Collectors.joining(", "));
    }
}
