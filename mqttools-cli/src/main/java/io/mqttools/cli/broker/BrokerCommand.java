package io.mqttools.cli.broker;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.Limits;
import io.mqttools.broker.config.PersistenceConfig;
import java.nio.file.Path;
import java.util.Locale;
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
 */
@Command(name = "broker", description = "Run an MQTT 5.0 / 3.1.1 / 3.1 broker.")
public final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

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

    @Option(names = "--max-keep-alive", description = "Largest keep alive in seconds, 0 for none (default: ${DEFAULT-VALUE}).")
    int maxKeepAlive = Limits.DEFAULTS.serverKeepAlive();

    @Option(names = "--max-session-expiry-interval",
            description = "Largest Session Expiry Interval in seconds (default: ${DEFAULT-VALUE}, never).")
    long maxSessionExpiry = Limits.DEFAULTS.maxSessionExpiryInterval();

    @Option(names = "--response-information", paramLabel = "PREFIX",
            description = "Send PREFIX + client id as Response Information to 5.0 clients that request it.")
    String responseInformation;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep sessions, queued messages and retained messages in DIR (RocksDB), so that an "
                    + "acknowledged message survives a crash; default: in memory only.")
    Path dataDir;

    @Option(names = "--log-level", defaultValue = "info",
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Override
    public Integer call() throws InterruptedException {
        // slf4j-simple reads its level once, when the first logger is created: set it before that.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel.toLowerCase(Locale.ROOT));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        Broker.Builder builder = Broker.builder()
                .host(host).port(port)
                .maxConnections(maxConnections).maxPacketSize(maxPacketSize).maxInflight(maxInflight)
                .maxQueuedMessages(maxQueuedMessages).serverKeepAlive(maxKeepAlive)
                .maxSessionExpiryInterval(maxSessionExpiry)
                .responseInformation(responseInformation);
        if (dataDir != null) {
            builder.persistence(new PersistenceConfig(dataDir));
        }
        int given = (caFile != null ? 1 : 0) + (certFile != null ? 1 : 0) + (keyFile != null ? 1 : 0);
        if (given != 0 && given != 3) {
            spec.commandLine().getErr().println("error: TLS needs all of --cafile, --certfile and --keyfile");
            return 2;
        }
        if (given == 3) {
            builder.tls(securePort, caFile, certFile, keyFile, requireCertificate);
        }
        RunningBroker running;
        try {
            running = builder.build().start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            running.close();
            stopped.countDown();
        };
        // SIGTERM and SIGINT (Ctrl-C) close the broker and let the command return 0; a JVM that shuts
        // down because of the signal would exit with 128 + its number. The hook covers other exits.
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(signal), s -> new Thread(stop, "mqttools-broker-stop").start());
            } catch (IllegalArgumentException unavailable) {
                // the platform does not let us handle it: the shutdown hook still closes the broker
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mqttools-broker-shutdown"));
        LoggerFactory.getLogger(BrokerCommand.class).info("listening on {}:{}{}", host, running.port(),
                running.securePort() < 0 ? "" : " and " + host + ":" + running.securePort() + " (TLS)");
        stopped.await();
        return 0;
    }
}
