package io.mqttools.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.Publish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a broker scripted packet by packet, for the cases real brokers do not produce at will. */
@Timeout(30)
class ScriptedBrokerIT {
    private ScriptedBroker broker;
    private Client client;

    @BeforeEach
    void start() throws InterruptedException {
        broker = new ScriptedBroker();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.stop();
        }
        broker.close();
    }

    /** Starts the client on another thread and answers its CONNECT with the given CONNACK. */
    private Connect connect(ClientBuilder builder, ConnAck connAck) throws Exception {
        client = builder.build();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                client.start();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Connect connect = broker.expect(Connect.class);
        broker.send(connAck);
        started.get(5, TimeUnit.SECONDS);
        return connect;
    }

    private ClientBuilder builder() {
        return Client.builder("127.0.0.1", broker.port()).connectDelays(List.of())
                .reconnectDelays(List.of(Duration.ofMillis(50)));
    }

    private static ConnAck connAck(boolean sessionPresent, Properties properties) {
        return new ConnAck(sessionPresent, ReasonCode.SUCCESS, properties);
    }

    @Test
    void receive_topicAliasFromBroker_resolvedToTheTopic() throws Exception {
        Connect connect = connect(builder().topicAliasMaximum(10), connAck(false, Properties.EMPTY));
        assertThat(connect.properties().getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0)).isEqualTo(10);
        Properties alias = Properties.builder().set(PropertyId.TOPIC_ALIAS, 7).build();

        broker.send(new Publish("/a/long/topic", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("1"), alias));
        broker.send(new Publish("", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("2"), alias));

        Message first = (Message) client.events().poll(5, TimeUnit.SECONDS);
        Message second = (Message) client.events().poll(5, TimeUnit.SECONDS);
        assertThat(first.topic()).isEqualTo("/a/long/topic");
        assertThat(second.topic()).isEqualTo("/a/long/topic");
        assertThat(second.payloadAsString()).isEqualTo("2");
    }

    @Test
    void receive_unknownTopicAlias_disconnectsWithTopicAliasInvalid() throws Exception {
        connect(builder().reconnectDelays(List.of()), connAck(false, Properties.EMPTY));
        Properties alias = Properties.builder().set(PropertyId.TOPIC_ALIAS, 3).build();

        broker.send(new Publish("", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("x"), alias));

        assertThat(broker.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
        ConnectionLost lost = (ConnectionLost) client.events().poll(5, TimeUnit.SECONDS);
        assertThat(lost.reconnecting()).isFalse();
    }

    @Test
    void publish_brokerReceiveMaximum2_neverMoreThanTwoUnacknowledged() throws Exception {
        connect(builder(), connAck(false, Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 2).build()));
        List<CompletableFuture<ReasonCode>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(client.publish(Message.of("/t", "m" + i).withQos(QoS.AT_LEAST_ONCE)));
        }
        Publish p0 = broker.expect(Publish.class);
        Publish p1 = broker.expect(Publish.class);
        assertThat(broker.next(300)).as("a third PUBLISH before any PUBACK").isNull();

        broker.send(new PubAck(p0.packetId()));
        Publish p2 = broker.expect(Publish.class);
        assertThat(p2.payload()).isEqualTo(Bytes.utf8("m2"));
        assertThat(broker.next(300)).isNull();
        broker.send(new PubAck(p1.packetId()));
        broker.send(new PubAck(p2.packetId()));
        broker.send(new PubAck(broker.expect(Publish.class).packetId()));
        broker.send(new PubAck(broker.expect(Publish.class).packetId()));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void publish_connectionDroppedBeforePubAck_resentWithDupAfterReconnect() throws Exception {
        connect(builder().sessionExpiryInterval(60), connAck(false, Properties.EMPTY));
        CompletableFuture<ReasonCode> future = client.publish(Message.of("/t", "once").withQos(QoS.AT_LEAST_ONCE));
        Publish first = broker.expect(Publish.class);
        assertThat(first.dup()).isFalse();

        broker.dropConnection();
        Connect again = broker.expect(Connect.class);
        assertThat(again.cleanStart()).isFalse();
        broker.send(connAck(true, Properties.EMPTY));
        Publish resent = broker.expect(Publish.class);

        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(first.packetId());
        assertThat(future).isNotDone();
        broker.send(new PubAck(resent.packetId()));
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    void publish_largerThanBrokerMaximumPacketSize_failsWithPacketTooLarge() throws Exception {
        connect(builder(), connAck(false, Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 64).build()));
        CompletableFuture<ReasonCode> f = client.publish(Message.of("/t", new byte[100]).withQos(QoS.AT_LEAST_ONCE));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PublishException.class)
                .satisfies(e -> assertThat(((PublishException) e).reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE));
        assertThat(broker.next(200)).isNull();
    }

    @Test
    void receive_moreThanEventQueueCapacity_readingPausesAndResumesWithoutLoss() throws Exception {
        connect(builder().eventQueueCapacity(4), connAck(false, Properties.EMPTY));
        for (int i = 0; i < 200; i++) {
            broker.send(new Publish("/t", QoS.AT_LEAST_ONCE, false, false, i + 1, Bytes.utf8(Integer.toString(i)), Properties.EMPTY));
        }
        for (int i = 0; i < 200; i++) {
            Message m = (Message) client.events().poll(5, TimeUnit.SECONDS);
            assertThat(m).as("message %d", i).isNotNull();
            assertThat(m.payloadAsString()).isEqualTo(Integer.toString(i));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(broker.expect(PubAck.class).packetId()).isEqualTo(i + 1);
        }
    }

    @Test
    void onMessage_hookStopsTheClient_doesNotDeadlock() throws Exception {
        connect(builder(), connAck(false, Properties.EMPTY));
        CompletableFuture<String> seen = new CompletableFuture<>();
        client.onMessage(m -> {
            client.stop();
            seen.complete(m.topic());
        });
        broker.send(Publish.of("/stop", Bytes.utf8("now")));
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("/stop");
        assertThat(broker.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NORMAL_DISCONNECTION);
    }

    @Test
    void start_brokerRefuses_connectExceptionWithReasonCode() throws Exception {
        client = builder().build();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                client.start();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        broker.expect(Connect.class);
        broker.send(new ConnAck(false, ReasonCode.NOT_AUTHORIZED, Properties.EMPTY));
        assertThatThrownBy(() -> started.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class)
                .hasMessageContaining("Not authorized")
                .satisfies(e -> assertThat(((ConnectException) e).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED));
    }

    /** Starts the client expecting the start to fail, answering its CONNECT with the given CONNACK. */
    private CompletableFuture<Void> startAnswering(ClientBuilder builder, ConnAck connAck) throws Exception {
        client = builder.build();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                client.start();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        broker.expect(Connect.class);
        broker.send(connAck);
        return started;
    }

    private static void assertPublishFails(CompletableFuture<ReasonCode> f, ReasonCode expected) {
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PublishException.class)
                .satisfies(e -> assertThat(((PublishException) e).reasonCode()).isEqualTo(expected));
    }

    @Test
    void keepAlive_idleConnection_sendsPingReq() throws Exception {
        // [MQTT-3.1.2-20] with a non-zero keep alive and nothing else to send, the client pings in time
        Connect connect = connect(builder().keepAlive(1), connAck(false, Properties.EMPTY));
        assertThat(connect.keepAlive()).isEqualTo(1);
        broker.expect(PingReq.class);
        long first = System.nanoTime();
        broker.send(PingResp.INSTANCE);
        broker.expect(PingReq.class);
        // Within the period, give or take the half a server tolerates [MQTT-3.1.2-22].
        assertThat(Duration.ofNanos(System.nanoTime() - first)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void keepAlive_serverKeepAliveInConnAck_usedInsteadOfOwn() throws Exception {
        // [MQTT-3.1.2-21] the CONNACK's Server Keep Alive (1 s) replaces the client's own 60 s
        Connect connect = connect(builder().keepAlive(60),
                connAck(false, Properties.builder().set(PropertyId.SERVER_KEEP_ALIVE, 1).build()));
        assertThat(connect.keepAlive()).isEqualTo(60);
        broker.expect(PingReq.class);
        broker.send(PingResp.INSTANCE);
        broker.expect(PingReq.class);
    }

    @Test
    void start_cleanStartAnsweredWithSessionPresent_closesTheConnection() throws Exception {
        // [MQTT-3.2.2-4] the client asked for a new session, so it has no state: Session Present 1 is wrong
        CompletableFuture<Void> started = startAnswering(builder().reconnectDelays(List.of()), connAck(true, Properties.EMPTY));
        assertThatThrownBy(() -> started.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(((ConnectException) e).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR));
        assertThat(broker.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(broker.closedWithin(5000)).isTrue();
    }

    @Test
    void publish_aboveBrokerMaximumQos_failsWithoutBeingSent() throws Exception {
        // [MQTT-3.2.2-11] no PUBLISH above the Maximum QoS of the CONNACK
        connect(builder(), connAck(false, Properties.builder().set(PropertyId.MAXIMUM_QOS, 1).build()));
        assertPublishFails(client.publish(Message.of("/t", "two").withQos(QoS.EXACTLY_ONCE)), ReasonCode.QOS_NOT_SUPPORTED);
        CompletableFuture<ReasonCode> one = client.publish(Message.of("/t", "one").withQos(QoS.AT_LEAST_ONCE));
        Publish sent = broker.expect(Publish.class);
        assertThat(sent.payload()).as("the QoS 2 message never reached the wire").isEqualTo(Bytes.utf8("one"));
        broker.send(new PubAck(sent.packetId()));
        assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    void publish_retainedWhenRetainUnavailable_failsWithoutBeingSent() throws Exception {
        // [MQTT-3.2.2-14] no retained PUBLISH when the CONNACK says Retain Available 0
        connect(builder(), connAck(false, Properties.builder().set(PropertyId.RETAIN_AVAILABLE, 0).build()));
        assertPublishFails(client.publish(Message.of("/t", "kept").withRetain(true)), ReasonCode.RETAIN_NOT_SUPPORTED);
        client.publish(Message.of("/t", "plain")).get(5, TimeUnit.SECONDS);
        Publish sent = broker.expect(Publish.class);
        assertThat(sent.payload()).as("the retained message never reached the wire").isEqualTo(Bytes.utf8("plain"));
        assertThat(sent.retain()).isFalse();
    }

    @Test
    void publish_atBrokerReceiveMaximum_acksAndPingsStillSent() throws Exception {
        // [MQTT-3.3.4-8] a full send quota holds back only PUBLISH: acknowledgements and PINGREQ still go out
        connect(builder().keepAlive(1), connAck(false, Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 1).build()));
        client.publish(Message.of("/t", "a").withQos(QoS.AT_LEAST_ONCE));
        CompletableFuture<ReasonCode> second = client.publish(Message.of("/t", "b").withQos(QoS.AT_LEAST_ONCE));
        Publish first = broker.expect(Publish.class);

        broker.send(new Publish("/in", QoS.AT_LEAST_ONCE, false, false, 5, Bytes.utf8("x"), Properties.EMPTY));
        broker.send(new Publish("/in", QoS.EXACTLY_ONCE, false, false, 6, Bytes.utf8("y"), Properties.EMPTY));
        assertThat(broker.expect(PubAck.class).packetId()).isEqualTo(5);
        assertThat(broker.expect(PubRec.class).packetId()).isEqualTo(6);
        broker.expect(PingReq.class);
        assertThat(second).as("the second PUBLISH waits for the quota").isNotDone();

        broker.send(new PubAck(first.packetId()));
        Publish next = broker.expect(Publish.class);
        assertThat(next.payload()).isEqualTo(Bytes.utf8("b"));
    }

    @Test
    void publish_severalUnacknowledgedThenReconnect_resentInOriginalOrder() throws Exception {
        // [MQTT-4.6.0-1] unacknowledged PUBLISHes are re-sent in the order they were first sent
        connect(builder().sessionExpiryInterval(60), connAck(false, Properties.EMPTY));
        List<CompletableFuture<ReasonCode>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(client.publish(Message.of("/t", "m" + i).withQos(i % 2 == 0 ? QoS.AT_LEAST_ONCE : QoS.EXACTLY_ONCE)));
        }
        List<Publish> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(broker.expect(Publish.class));
        }

        broker.dropConnection();
        broker.expect(Connect.class);
        broker.send(connAck(true, Properties.EMPTY));
        for (int i = 0; i < 5; i++) {
            Publish resent = broker.expect(Publish.class);
            assertThat(resent.dup()).isTrue();
            assertThat(resent.packetId()).as("re-sent #%d", i).isEqualTo(sent.get(i).packetId());
            assertThat(resent.payload()).isEqualTo(Bytes.utf8("m" + i));
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone);
    }
}
