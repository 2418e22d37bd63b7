package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.client.ConnectException;
import io.mqttools.client.ConnectionLost;
import io.mqttools.client.Event;
import io.mqttools.client.Message;
import io.mqttools.client.Reconnected;
import io.mqttools.client.SessionResumeException;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the client library must do against any broker, in MQTT 5.0 and 3.1.1; subclasses say which
 * broker.
 */
@Timeout(60)
abstract class ClientLibraryContract {
    private final List<Client> clients = new ArrayList<>();
    BrokerUnderTest broker;

    abstract BrokerUnderTest startBroker();

    @BeforeEach
    void startBrokerUnderTest() {
        broker = startBroker();
    }

    @AfterEach
    void stopAll() {
        clients.forEach(Client::stop);
        broker.close();
    }

    ClientBuilder builder(ProtocolVersion version) {
        return Client.builder("127.0.0.1", broker.port()).protocolVersion(version)
                .reconnectDelays(List.of(Duration.ofMillis(100)));
    }

    Client started(ClientBuilder builder) throws InterruptedException {
        Client c = builder.build();
        clients.add(c);
        c.start();
        return c;
    }

    static Message nextMessage(Client client) throws InterruptedException {
        Event e;
        do {
            e = client.events().poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
        } while (!(e instanceof Message));
        return (Message) e;
    }

    static <T extends Event> T nextEvent(Client client, Class<T> type) throws InterruptedException {
        while (true) {
            Event e = client.events().poll(10, TimeUnit.SECONDS);
            assertThat(e).as("a %s within 10 s", type.getSimpleName()).isNotNull();
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void publish_qos0to2_subscriberReceivesEachWithItsQos(ProtocolVersion version) throws Exception {
        Client sub = started(builder(version));
        assertThat(sub.subscribe("/it/#", QoS.EXACTLY_ONCE)).isEqualTo(ReasonCode.GRANTED_QOS_2);
        Client pub = started(builder(version));

        for (QoS qos : QoS.values()) {
            ReasonCode code = pub.publish(Message.of("/it/" + qos.value(), "payload " + qos.value()).withQos(qos))
                    .get(10, TimeUnit.SECONDS);
            assertThat(code.isError()).isFalse();
            Message m = nextMessage(sub);
            assertThat(m.topic()).isEqualTo("/it/" + qos.value());
            assertThat(m.payloadAsString()).isEqualTo("payload " + qos.value());
            assertThat(m.qos()).isEqualTo(qos);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void publish_manyConcurrentQos1And2_allAcknowledgedAndReceived(ProtocolVersion version) throws Exception {
        Client sub = started(builder(version));
        sub.subscribe("/many", QoS.AT_LEAST_ONCE);
        Client pub = started(builder(version).maxOutstanding(50));
        List<CompletableFuture<ReasonCode>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            futures.add(pub.publish(Message.of("/many", Integer.toString(i)).withQos(i % 2 == 0 ? QoS.AT_LEAST_ONCE : QoS.EXACTLY_ONCE)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        java.util.Set<String> received = new java.util.HashSet<>();
        while (received.size() < 2000) {
            received.add(nextMessage(sub).payloadAsString());
        }
        assertThat(received).hasSize(2000);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void start_resumeSession_receivesWhatWasQueuedWhileAway(ProtocolVersion version) throws Exception {
        ClientBuilder persistent = builder(version).clientId("resume-" + version.level()).sessionExpiryInterval(300);
        Client first = persistent.build();
        clients.add(first);
        assertThatThrownBy(() -> first.start(true)).isInstanceOf(SessionResumeException.class);
        first.subscribe("/resume", QoS.AT_LEAST_ONCE);
        first.stop();

        Client pub = started(builder(version));
        pub.publish(Message.of("/resume", "while away").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);

        Client second = persistent.build();
        clients.add(second);
        second.start(true);
        assertThat(nextMessage(second).payloadAsString()).isEqualTo("while away");
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void start_resumeWithoutSession_throwsButStaysConnectedWithSubscriptions(ProtocolVersion version) throws Exception {
        Client c = builder(version).subscription("/fresh").build();
        clients.add(c);
        assertThatThrownBy(() -> c.start(true)).isInstanceOf(SessionResumeException.class)
                .hasMessageContaining("no session to resume");
        Client pub = started(builder(version));
        pub.publish(Message.of("/fresh", "x")).get(10, TimeUnit.SECONDS);
        assertThat(nextMessage(c).topic()).isEqualTo("/fresh");
    }

    @Test
    void publish_withTopicAliases_subscriberSeesFullTopic() throws Exception {
        Client sub = started(builder(ProtocolVersion.MQTT_5));
        sub.subscribe("/alias/#", QoS.AT_LEAST_ONCE);
        Client pub = started(builder(ProtocolVersion.MQTT_5).topicAliases(List.of("/alias/topic")));
        for (int i = 0; i < 3; i++) {
            pub.publish(Message.of("/alias/topic", "m" + i).withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 3; i++) {
            Message m = nextMessage(sub);
            assertThat(m.topic()).isEqualTo("/alias/topic");
            assertThat(m.payloadAsString()).isEqualTo("m" + i);
        }
    }

    @Test
    void publish_requestWithResponseTopic_responderAnswersFromOnMessageHook() throws Exception {
        Client responder = builder(ProtocolVersion.MQTT_5).subscription("/request").build();
        clients.add(responder);
        responder.onMessage(m -> responder.publish(Message.of(m.responseTopic(), "pong: " + m.payloadAsString())
                .withCorrelationData(m.correlationData())));
        responder.start();
        Client requester = started(builder(ProtocolVersion.MQTT_5).subscription("/response/me"));

        requester.publish(Message.of("/request", "ping").withResponseTopic("/response/me")
                .withCorrelationData(Bytes.utf8("id-42"))).get(10, TimeUnit.SECONDS);
        Message response = nextMessage(requester);
        assertThat(response.payloadAsString()).isEqualTo("pong: ping");
        assertThat(response.correlationData()).isEqualTo(Bytes.utf8("id-42"));
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void reconnect_brokerRestarted_resubscribesAndSendsWhatWasPublishedMeanwhile(ProtocolVersion version) throws Exception {
        Client sub = started(builder(version));
        sub.subscribe("/restart", QoS.AT_LEAST_ONCE);
        Client pub = started(builder(version));

        broker.stop();
        assertThat(nextEvent(sub, ConnectionLost.class).reconnecting()).isTrue();
        assertThat(nextEvent(pub, ConnectionLost.class).reconnecting()).isTrue();
        CompletableFuture<ReasonCode> duringOutage = pub.publish(Message.of("/elsewhere", "queued").withQos(QoS.AT_LEAST_ONCE));
        assertThat(duringOutage).isNotDone();

        broker.start();
        nextEvent(sub, Reconnected.class);
        nextEvent(pub, Reconnected.class);
        assertThat(duringOutage.get(10, TimeUnit.SECONDS).isError()).isFalse();
        pub.publish(Message.of("/restart", "after restart").withQos(QoS.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
        Message m = nextMessage(sub);
        assertThat(m.payloadAsString()).isEqualTo("after restart");
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_5", "MQTT_3_1_1"})
    void unsubscribe_subscribed_noMoreMessages(ProtocolVersion version) throws Exception {
        Client sub = started(builder(version));
        sub.subscribe("/a");
        sub.subscribe("/b");
        sub.unsubscribe("/a");
        Client pub = started(builder(version));
        pub.publish(Message.of("/a", "not for you")).get(10, TimeUnit.SECONDS);
        pub.publish(Message.of("/b", "for you")).get(10, TimeUnit.SECONDS);
        assertThat(nextMessage(sub).topic()).isEqualTo("/b");
    }

    @Test
    void start_nothingListening_throwsConnectExceptionAfterOneAttempt() {
        Client c = Client.builder("127.0.0.1", Tools.freePort()).connectDelays(List.of()).build();
        assertThatThrownBy(c::start).isInstanceOf(ConnectException.class).hasMessageContaining("Cannot connect");
    }
}
