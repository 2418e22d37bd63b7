package io.mqttools.bridge;

import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.BridgeConfig;
import io.mqttools.broker.config.BridgeTopic;
import io.mqttools.broker.local.LocalClient;
import io.mqttools.client.Client;
import io.mqttools.client.ConnectionLost;
import io.mqttools.client.Message;
import io.mqttools.client.MqttException;
import io.mqttools.client.SessionResumeException;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge ({@code connection} block): a {@link LocalClient} of this broker and a {@link Client} of the
 * remote one, with a thread of its own that connects, waits for the connection to fail and reconnects
 * after the {@code restart_timeout}, trying the addresses in turn.
 *
 * <p>Loops: the local subscriptions use No Local, so what the bridge publishes locally does not go out again;
 * towards an MQTT 5 remote broker the remote subscriptions use No Local and Retain As Published too (as
 * mosquitto's bridges do); towards a 3.1.1 one, {@code try_private} marks the connection as a bridge (see
 * {@link RemoteClients}).
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    private static final Bytes CONNECTED = Bytes.utf8("1");
    private static final Bytes DISCONNECTED = Bytes.utf8("0");

    private final BridgeConfig config;
    private final LocalClient local;
    private final Outbox outbox;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Client remote;
    private volatile boolean connected;
    /** Confined to the connection thread: the remote broker refused the bridge mark of try_private. */
    private boolean privateRefused;

    private Bridge(BridgeConfig config, RunningBroker broker) {
        this.config = Objects.requireNonNull(config, "config");
        // messages come only after start() subscribes, by when the outbox exists
        this.local = broker.localClient(config.localClientId(), this::toRemote);
        this.outbox = new Outbox(config, local.executor());
        this.thread = new Thread(this::run, "bridge-" + config.name());
        thread.setDaemon(true);
    }

    /** Attaches a bridge to {@code broker} and starts connecting to the remote broker in the background. */
    public static Bridge start(BridgeConfig config, RunningBroker broker) {
        Bridge b = new Bridge(config, broker);
        for (BridgeTopic t : config.topics()) {
            if (t.direction().out()) {
                // No Local: what the bridge brings in does not go back out; retained messages are not re-sent
                b.local.subscribe(new Subscription(t.localFilter(), t.qos(), true, true, RetainHandling.DO_NOT_SEND));
            }
        }
        b.notifyLocal(false);
        b.thread.start();
        return b;
    }

    public BridgeConfig config() {
        return config;
    }

    /** True while connected to the remote broker. */
    public boolean isConnected() {
        return connected;
    }

    private void run() {
        int address = 0;
        Duration delay = null;
        while (closing.getCount() > 0) {
            BridgeConfig.Address a = config.addresses().get(address);
            Client c = RemoteClients.build(config, a, config.tryPrivate() && !privateRefused, this::fromRemote);
            boolean up = false;
            try {
                try {
                    c.start(!config.cleanSession());
                } catch (SessionResumeException fresh) {
                    // the remote broker had no session: a new one, with the subscriptions applied
                }
                up = true;
                delay = null;
                remoteUp(c, a);
                awaitLoss(c);
            } catch (MqttException e) {
                if (e.reasonCode() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION && config.tryPrivate() && !privateRefused
                        && config.protocolVersion() == ProtocolVersion.MQTT_3_1_1) {
                    // as mosquitto: a broker that does not know the bridge mark gets a plain 3.1.1 CONNECT at once
                    LOG.info("bridge {}: {} refused the bridge protocol level; connecting as a plain client",
                            config.name(), a);
                    privateRefused = true;
                    continue; // after the finally block's clean-up
                }
                LOG.warn("bridge {}: cannot connect to {}: {}", config.name(), a, e.getMessage());
                address = (address + 1) % config.addresses().size(); // the next one, as mosquitto does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                remoteDown(c, up);
            }
            if (config.once() || closing.getCount() == 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            delay = config.restart().next(delay, ThreadLocalRandom.current().nextDouble());
            try {
                if (closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void remoteUp(Client c, BridgeConfig.Address a) {
        remote = c;
        connected = true;
        LOG.info("bridge {}: connected to {} as {} (MQTT {})", config.name(), a, config.remoteClientId(),
                config.protocolVersion());
        BridgeConfig.Notifications n = config.notifications();
        if (n.enabled() && !n.localOnly()) {
            c.publish(new Message(n.topic(), CONNECTED, QoS.AT_LEAST_ONCE, true, null, null, List.of(), null));
        }
        notifyLocal(true);
        local.executor().execute(() -> outbox.connected(c));
    }

    private void remoteDown(Client c, boolean wasUp) {
        local.executor().execute(() -> outbox.disconnected(c));
        connected = false;
        remote = null;
        if (wasUp) {
            LOG.warn("bridge {}: connection to the remote broker lost", config.name());
            notifyLocal(false);
        }
        c.stop();
    }

    /** Blocks until the connection fails (or the bridge is closed, which interrupts). */
    private static void awaitLoss(Client c) throws InterruptedException {
        while (!(c.events().take() instanceof ConnectionLost)) {
            // messages go to the onMessage hook; Reconnected does not happen (no automatic reconnect)
        }
    }

    /** A local message of an out topic: the outbox sends it (on the local client's event loop). */
    private java.util.concurrent.CompletionStage<?> toRemote(Publish message) {
        return outbox.onMessage(message);
    }

    /** A message from the remote broker: remapped by the first {@code in}/{@code both} topic line and published here. */
    private void fromRemote(Message m) {
        for (BridgeTopic t : config.topics()) {
            if (t.direction().in()) {
                String topic = t.toLocal(m.topic());
                if (topic != null) {
                    try {
                        local.publish(Messages.toLocal(m, topic));
                    } catch (RuntimeException e) {
                        LOG.warn("bridge {}: cannot publish {} locally: {}", config.name(), topic, e.getMessage());
                    }
                    return;
                }
            }
        }
    }

    /** The retained connection state on this broker (mosquitto's notifications). */
    private void notifyLocal(boolean up) {
        BridgeConfig.Notifications n = config.notifications();
        if (n.enabled() && local.isOpen()) {
            local.publish(new Publish(n.topic(), QoS.AT_LEAST_ONCE, true, false, 1, up ? CONNECTED : DISCONNECTED,
                    Properties.EMPTY));
        }
    }

    /** Disconnects from the remote broker (publishing the state 0 there first) and ends the local session. */
    @Override
    public synchronized void close() {
        if (closing.getCount() == 0) {
            return;
        }
        closing.countDown();
        Client c = remote;
        BridgeConfig.Notifications n = config.notifications();
        if (c != null && n.enabled() && !n.localOnly()) {
            try {
                c.publish(new Message(n.topic(), DISCONNECTED, QoS.AT_LEAST_ONCE, true, null, null, List.of(), null))
                        .get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("bridge {}: state 0 not published on the remote broker: {}", config.name(), e.toString());
            }
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifyLocal(false);
        local.close();
    }
}
