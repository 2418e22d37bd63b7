package io.mqttools.client;

import io.mqttools.client.internal.ClientFailure;
import io.mqttools.client.internal.ClientListener;
import io.mqttools.client.internal.ClientSettings;
import io.mqttools.client.internal.Connector;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.TopicName;
import io.mqttools.protocol.UserProperty;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5.0 (or 3.1.1) client: connect with {@link #start()}, subscribe, publish, take received
 * messages from {@link #events()}, {@link #stop()}.
 *
 * <pre>{@code
 * try (Client client = Client.builder("localhost", 1883).build()) {
 *     client.start();
 *     client.subscribe("/test/#");
 *     client.publish(Message.of("/test/mqttools/foo", "bar")).join();
 *     if (client.events().take() instanceof Message m) {
 *         System.out.println("Topic:   " + m.topic());
 *         System.out.println("Message: " + m.payloadAsString());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> All methods are thread-safe. The connection runs on one event-loop thread of its
 * own, or on one of a {@link ClientThreads} many clients share ({@link ClientBuilder#threads});
 * {@link #publish} may be called from any number of threads. The blocking methods
 * ({@link #start}, {@link #subscribe}, {@link #unsubscribe}, {@link #stop}) must not be called from the
 * {@link ClientBuilder#onMessage onMessage} hook, which runs on that event loop.
 *
 * <p><b>Reconnect.</b> When the connection is lost, {@link ConnectionLost} is queued and the client
 * reconnects by itself after the {@link ClientBuilder#reconnectDelays reconnect delays}, restores its
 * subscriptions when the broker has no session, re-sends unacknowledged QoS 1/2 messages with DUP set
 * and queues {@link Reconnected}. Publish futures stay pending across the gap.
 *
 * <p><b>Backpressure.</b> At most {@link ClientBuilder#maxOutstanding} publishes may be accepted and not yet
 * complete; {@link #publish} blocks the calling thread until one completes. Within that, QoS 1/2
 * messages are sent no faster than the broker's Receive Maximum allows; the rest wait in order. On the
 * receiving side, see {@link EventQueue}.
 */
public final class Client implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Client.class);

    private final ClientSettings settings;
    private final EventQueue events;
    private final Connector connector;
    private volatile Consumer<Message> onMessage;

    Client(ClientSettings settings, Consumer<Message> onMessage, int eventQueueCapacity, ClientThreads threads) {
        this.settings = settings;
        this.onMessage = onMessage;
        this.events = new EventQueue(eventQueueCapacity);
        this.connector = new Connector(settings, new Listener(), Client::translate,
                threads == null ? null : threads.loops());
        events.onResume(connector::resumeReading);
    }

    /** A builder for a client of the broker at {@code host}:{@code port}. */
    public static ClientBuilder builder(String host, int port) {
        return new ClientBuilder(host, port);
    }

    /** The client identifier sent in CONNECT. */
    public String clientId() {
        return settings.clientId();
    }

    /** Received messages (unless an {@link #onMessage} hook takes them) and connection events. */
    public EventQueue events() {
        return events;
    }

    /**
     * Sets the hook that receives messages instead of the {@link #events()} queue; null restores the
     * queue. It runs on the client's event loop: it must return quickly and must not block.
     */
    public void onMessage(Consumer<Message> hook) {
        this.onMessage = hook;
    }

    /** Connects with a new session; same as {@code start(false)}. */
    public void start() throws InterruptedException {
        start(false);
    }

    /**
     * Opens the connection and performs the MQTT connect, trying again after each connect delay while
     * the broker cannot be reached; then applies the configured subscriptions unless the broker resumed
     * a session that has them.
     *
     * @param resumeSession ask the broker to resume the session of this client id (Clean Start 0)
     * @throws ConnectException        the broker refused (reason code) or cannot be reached
     * @throws SessionResumeException  {@code resumeSession} was asked but the broker had no session; the
     *                                 client is connected with a new session and its subscriptions applied
     * @throws MqttTimeoutException    no CONNACK within the response timeout
     * @throws SubscribeException      a configured subscription was refused
     */
    public void start(boolean resumeSession) throws InterruptedException {
        boolean sessionPresent;
        try {
            sessionPresent = connector.start(resumeSession);
        } catch (ClientFailure f) {
            throw translate(f);
        }
        if (!sessionPresent) {
            try {
                for (Subscription s : settings.subscriptions()) {
                    subscribe(s);
                }
            } catch (MqttException e) {
                stop();
                throw e;
            }
            if (resumeSession) {
                throw new SessionResumeException("The broker had no session to resume for client id '"
                        + settings.clientId() + "'; a new session was created.");
            }
        }
    }

    /** Sends DISCONNECT and closes the connection; pending publishes fail. {@link #start()} may follow. */
    public void stop() {
        connector.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Authenticates again on the live connection with SCRAM-SHA-256 (MQTT 5 AUTH 0x19, spec 4.12.1), waiting
     * for the broker's AUTH 0x00 and checking its server signature; the connection and session go on.
     *
     * @throws IllegalStateException the client was not built with {@link ClientBuilder#scramSha256}
     * @throws ConnectException      the broker refused (it then closes the connection, e.g. DISCONNECT 0x87
     *                               after a password change) or did not prove it holds the credential
     * @throws MqttTimeoutException  no answer within the response timeout
     */
    public void reauthenticate() {
        if (settings.scramPassword() == null) {
            throw new IllegalStateException("re-authentication needs a client built with scramSha256(user, password)");
        }
        call(connector.reauthenticate());
    }

    /** Subscribes to a topic filter at QoS 0. */
    public ReasonCode subscribe(String topicFilter) {
        return subscribe(new Subscription(topicFilter, QoS.AT_MOST_ONCE));
    }

    /** Subscribes to a topic filter at QoS 0 with the given retain handling (MQTT 5). */
    public ReasonCode subscribe(String topicFilter, RetainHandling retainHandling) {
        return subscribe(new Subscription(topicFilter, QoS.AT_MOST_ONCE, false, false, retainHandling));
    }

    /** Subscribes to a topic filter at the given maximum QoS. */
    public ReasonCode subscribe(String topicFilter, QoS qos) {
        return subscribe(new Subscription(topicFilter, qos));
    }

    /**
     * Subscribes, waiting for the SUBACK.
     *
     * @return the granted QoS as a reason code (Granted QoS 0..2)
     * @throws SubscribeException   the broker refused it
     * @throws MqttTimeoutException no SUBACK within the response timeout
     */
    public ReasonCode subscribe(Subscription subscription) {
        String problem = TopicFilter.validate(subscription.topicFilter());
        if (problem != null) {
            throw new IllegalArgumentException("Invalid topic filter '" + subscription.topicFilter() + "': " + problem);
        }
        SubAck ack = (SubAck) call(connector.subscribe(List.of(subscription)));
        ReasonCode code = ack.reasonCodes().isEmpty() ? ReasonCode.UNSPECIFIED_ERROR : ack.reasonCodes().get(0);
        if (code.isError()) {
            throw new SubscribeException("The broker refused the subscription to '" + subscription.topicFilter()
                    + "': " + code, code, null);
        }
        return code;
    }

    /**
     * Unsubscribes, waiting for the UNSUBACK.
     *
     * @throws UnsubscribeException the broker answered other than Success (e.g. 0x11 No subscription existed)
     * @throws MqttTimeoutException no UNSUBACK within the response timeout
     */
    public void unsubscribe(String topicFilter) {
        UnsubAck ack = (UnsubAck) call(connector.unsubscribe(List.of(topicFilter)));
        if (!ack.reasonCodes().isEmpty() && ack.reasonCodes().get(0) != ReasonCode.SUCCESS) {
            ReasonCode code = ack.reasonCodes().get(0);
            throw new UnsubscribeException("Unsubscribing from '" + topicFilter + "' failed: " + code, code, null);
        }
    }

    /**
     * Publishes a message. Thread-safe; blocks only while too many publishes are outstanding (see the
     * class description).
     *
     * @return completes when QoS 0 is written to the socket, QoS 1 on PUBACK, QoS 2 on PUBCOMP, with the
     *         broker's reason code (Success or No matching subscribers); fails with {@link PublishException}
     *         (the broker's error reason code) or {@link ConnectionLostException} (stopped first)
     * @throws IllegalArgumentException the topic is not a valid topic name
     */
    public CompletableFuture<ReasonCode> publish(Message message) {
        String problem = TopicName.validate(message.topic());
        if (problem != null) {
            throw new IllegalArgumentException("Invalid topic '" + message.topic() + "': " + problem);
        }
        try {
            return connector.publish(toPacket(message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new ConnectionLostException("Interrupted while waiting to publish"));
        }
    }

    private Publish toPacket(Message m) {
        Properties properties = Properties.EMPTY;
        if (settings.version().isV5() && (m.responseTopic() != null || m.correlationData() != null
                || !m.userProperties().isEmpty() || m.contentType() != null)) {
            Properties.Builder p = Properties.builder();
            if (m.responseTopic() != null) {
                p.set(PropertyId.RESPONSE_TOPIC, m.responseTopic());
            }
            if (m.correlationData() != null) {
                p.set(PropertyId.CORRELATION_DATA, m.correlationData());
            }
            if (m.contentType() != null) {
                p.set(PropertyId.CONTENT_TYPE, m.contentType());
            }
            for (UserProperty u : m.userProperties()) {
                p.set(PropertyId.USER_PROPERTY, u);
            }
            properties = p.build();
        }
        // A placeholder packet identifier for QoS 1/2: the session assigns the real one when it sends.
        return new Publish(m.topic(), m.qos(), m.retain(), false, m.qos() == QoS.AT_MOST_ONCE ? 0 : 1,
                m.payload(), properties);
    }

    static Message toMessage(Publish p) {
        Properties props = p.properties();
        return new Message(p.topic(), p.payload(), p.qos(), p.retain(), props.getString(PropertyId.RESPONSE_TOPIC),
                props.getBytes(PropertyId.CORRELATION_DATA), props.userProperties(), props.getString(PropertyId.CONTENT_TYPE));
    }

    private Object call(CompletableFuture<?> future) {
        try {
            return connector.await(future, java.time.Duration.ZERO);
        } catch (ClientFailure f) {
            throw translate(f);
        } catch (CompletionException e) {
            throw e.getCause() instanceof ClientFailure f ? translate(f) : e;
        }
    }

    static MqttException translate(ClientFailure f) {
        return switch (f.kind()) {
            case CONNECT_REFUSED, UNREACHABLE -> new ConnectException(f.getMessage(), f.reasonCode(), f.getCause());
            case TIMEOUT -> new MqttTimeoutException(f.getMessage(), f.reasonCode(), f.getCause());
            case CONNECTION_LOST -> new ConnectionLostException(f.getMessage(), f.reasonCode(), f.getCause());
            case PUBLISH_FAILED -> new PublishException(f.getMessage(), f.reasonCode(), f.getCause());
            case SUBSCRIBE_REFUSED -> new SubscribeException(f.getMessage(), f.reasonCode(), f.getCause());
            case UNSUBSCRIBE_REFUSED -> new UnsubscribeException(f.getMessage(), f.reasonCode(), f.getCause());
            case SESSION_NOT_RESUMED -> new SessionResumeException(f.getMessage(), f.reasonCode(), f.getCause());
        };
    }

    /** Turns connection callbacks into queue events. Runs on the event loop. */
    private final class Listener implements ClientListener {
        @Override
        public boolean onPublish(Publish publish) {
            Message message = toMessage(publish);
            Consumer<Message> hook = onMessage;
            if (hook != null) {
                try {
                    hook.accept(message);
                } catch (RuntimeException e) {
                    LOG.warn("The onMessage hook threw; the message on '{}' is dropped", message.topic(), e);
                }
                return true;
            }
            return events.put(message);
        }

        @Override
        public void onConnectionLost(String reason, Throwable cause, boolean reconnecting) {
            events.put(new ConnectionLost(reason, cause, reconnecting));
        }

        @Override
        public void onReconnected(boolean sessionPresent) {
            events.put(new Reconnected(sessionPresent));
        }
    }
}
