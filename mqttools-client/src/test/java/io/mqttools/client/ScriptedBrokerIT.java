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
import io.mqttools.protocol.packet.PubAck;
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
}
