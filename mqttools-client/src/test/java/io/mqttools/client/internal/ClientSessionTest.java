package io.mqttools.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClientSessionTest {
    private final List<Publish> delivered = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ClientSession session = new ClientSession(settings(List.of("/alias")), new ClientListener() {
        @Override
        public boolean onPublish(Publish publish) {
            delivered.add(publish);
            return true;
        }

        @Override
        public void onConnectionLost(String reason, Throwable cause, boolean reconnecting) {
        }

        @Override
        public void onReconnected(boolean sessionPresent) {
        }
    });

    static ClientSettings settings(List<String> aliases) {
        return new ClientSettings("localhost", 1883, "test", ProtocolVersion.MQTT_5, null, 60, Duration.ofSeconds(5),
                aliases, 10, 0, List.of(), List.of(), List.of(), null, null, 100, 0xFFFF, MqttLimits.MAX_PACKET_SIZE, null);
    }

    private static ConnAck connAck(boolean sessionPresent, Properties properties) {
        return new ConnAck(sessionPresent, ReasonCode.SUCCESS, properties);
    }

    private CompletableFuture<ReasonCode> submit(String topic, QoS qos) {
        CompletableFuture<ReasonCode> f = new CompletableFuture<>();
        session.submit(new PendingPublish(new Publish(topic, qos, false, false, qos == QoS.AT_MOST_ONCE ? 0 : 1,
                Bytes.utf8("m"), Properties.EMPTY), f, failure -> failure));
        session.flush();
        return f;
    }

    private Publish written() {
        return channel.readOutbound();
    }

    @Test
    void submit_moreThanReceiveMaximum_sendsTheRestAsAcksArrive() {
        session.attach(channel, connAck(false, Properties.builder().set(PropertyId.RECEIVE_MAXIMUM, 2).build()));
        CompletableFuture<ReasonCode> f1 = submit("/t", QoS.AT_LEAST_ONCE);
        CompletableFuture<ReasonCode> f2 = submit("/t", QoS.AT_LEAST_ONCE);
        CompletableFuture<ReasonCode> f3 = submit("/t", QoS.AT_LEAST_ONCE);
        Publish p1 = written();
        Publish p2 = written();
        assertThat(channel.<Object>readOutbound()).isNull();
        session.onPacket(new PubAck(p1.packetId()));
        session.flush();
        assertThat(f1).isCompletedWithValue(ReasonCode.SUCCESS);
        Publish p3 = written();
        assertThat(p3.packetId()).isNotIn(p2.packetId());
        session.onPacket(new PubAck(p2.packetId(), ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY));
        session.onPacket(new PubAck(p3.packetId(), ReasonCode.QUOTA_EXCEEDED, Properties.EMPTY));
        assertThat(f2).isCompletedWithValue(ReasonCode.NO_MATCHING_SUBSCRIBERS);
        assertThat(f3).isCompletedExceptionally();
    }

    @Test
    void submit_qos2_completesOnPubCompAfterPubRel() {
        session.attach(channel, connAck(false, Properties.EMPTY));
        CompletableFuture<ReasonCode> f = submit("/t", QoS.EXACTLY_ONCE);
        Publish p = written();
        session.onPacket(new PubRec(p.packetId()));
        session.flush();
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRel(p.packetId()));
        assertThat(f).isNotDone();
        session.onPacket(new PubComp(p.packetId()));
        assertThat(f).isCompletedWithValue(ReasonCode.SUCCESS);
    }

    @Test
    void attach_afterLossWithSessionPresent_resendsPublishWithDupAndPubRel() {
        session.attach(channel, connAck(false, Properties.EMPTY));
        submit("/a", QoS.AT_LEAST_ONCE);
        submit("/b", QoS.EXACTLY_ONCE);
        Publish a = written();
        Publish b = written();
        session.onPacket(new PubRec(b.packetId()));
        session.flush();
        channel.readOutbound();
        session.detach(new ClientFailure(ClientFailure.Kind.CONNECTION_LOST, null, "lost"));

        EmbeddedChannel second = new EmbeddedChannel();
        session.attach(second, connAck(true, Properties.EMPTY));
        session.flush();
        Publish again = second.readOutbound();
        assertThat(again.dup()).isTrue();
        assertThat(again.packetId()).isEqualTo(a.packetId());
        assertThat(second.<Object>readOutbound()).isEqualTo(new PubRel(b.packetId()));
    }

    @Test
    void submit_configuredAliasTopic_sendsTopicOnceThenOnlyTheAlias() {
        session.attach(channel, connAck(false, Properties.builder().set(PropertyId.TOPIC_ALIAS_MAXIMUM, 5).build()));
        submit("/alias", QoS.AT_MOST_ONCE);
        submit("/alias", QoS.AT_MOST_ONCE);
        Publish first = written();
        Publish second = written();
        assertThat(first.topic()).isEqualTo("/alias");
        assertThat(first.properties().getInt(PropertyId.TOPIC_ALIAS, 0)).isEqualTo(1);
        assertThat(second.topic()).isEmpty();
        assertThat(second.properties().getInt(PropertyId.TOPIC_ALIAS, 0)).isEqualTo(1);
    }

    @Test
    void submit_largerThanBrokerMaximumPacketSize_failsWithoutSending() {
        session.attach(channel, connAck(false, Properties.builder().set(PropertyId.MAXIMUM_PACKET_SIZE, 20).build()));
        CompletableFuture<ReasonCode> f = new CompletableFuture<>();
        session.submit(new PendingPublish(Publish.of("/topic", Bytes.wrap(new byte[100])), f, failure -> failure));
        assertThat(f).isCompletedExceptionally();
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    @Test
    void onPublish_qos2Duplicate_deliveredOnce() {
        session.attach(channel, connAck(false, Properties.EMPTY));
        Publish p = new Publish("/t", QoS.EXACTLY_ONCE, false, false, 7, Bytes.utf8("x"), Properties.EMPTY);
        session.onPacket(p);
        session.onPacket(p.withDup(true));
        assertThat(delivered).hasSize(1);
        session.onPacket(new PubRel(7));
        session.flush();
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRec(7));
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRec(7));
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubComp(7));
    }

    @Test
    void onPublish_topicAlias_resolvedAndStripped() {
        session.attach(channel, connAck(false, Properties.EMPTY));
        Properties alias = Properties.builder().set(PropertyId.TOPIC_ALIAS, 2).build();
        session.onPacket(new Publish("/long/topic", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("1"), alias));
        session.onPacket(new Publish("", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("2"), alias));
        assertThat(delivered).extracting(Publish::topic).containsExactly("/long/topic", "/long/topic");
        assertThat(delivered.get(1).properties().has(PropertyId.TOPIC_ALIAS)).isFalse();
    }

    @Test
    void onPublish_unknownAlias_disconnectsWithTopicAliasInvalid() {
        session.attach(channel, connAck(false, Properties.EMPTY));
        Properties alias = Properties.builder().set(PropertyId.TOPIC_ALIAS, 3).build();
        session.onPacket(new Publish("", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("1"), alias));
        assertThat(delivered).isEmpty();
        assertThat(channel.<Object>readOutbound()).isEqualTo(new Disconnect(ReasonCode.TOPIC_ALIAS_INVALID));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void attach_sessionPresent0AfterLoss_discardsSessionState() {
        // [MQTT-3.2.2-5] the broker has no session: the client forgets its received QoS 2 ids and PUBREL stage
        session.attach(channel, connAck(false, Properties.EMPTY));
        Publish in = new Publish("/in", QoS.EXACTLY_ONCE, false, false, 7, Bytes.utf8("x"), Properties.EMPTY);
        session.onPacket(in);
        session.flush();
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRec(7));
        CompletableFuture<ReasonCode> out = submit("/out", QoS.EXACTLY_ONCE);
        Publish p = written();
        session.onPacket(new PubRec(p.packetId()));
        session.flush();
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRel(p.packetId()));
        session.detach(new ClientFailure(ClientFailure.Kind.CONNECTION_LOST, null, "lost"));

        EmbeddedChannel second = new EmbeddedChannel();
        session.attach(second, connAck(false, Properties.EMPTY));
        session.flush();
        assertThat(second.<Object>readOutbound()).as("no PUBREL for the discarded exchange").isNull();
        assertThat(out).isCompletedWithValue(ReasonCode.SUCCESS);
        assertThat(session.inFlightCount()).isZero();
        session.onPacket(in);
        assertThat(delivered).as("id 7 is a new message in the new session").hasSize(2);
    }

    @Test
    void onPublish_severalQos2_pubRecsInPublishOrder() {
        // [MQTT-4.6.0-3] PUBRECs go out in the order the PUBLISHes came
        session.attach(channel, connAck(false, Properties.EMPTY));
        for (int id : new int[] {3, 1, 2}) {
            session.onPacket(new Publish("/t", QoS.EXACTLY_ONCE, false, false, id, Bytes.utf8("m" + id), Properties.EMPTY));
        }
        session.flush();
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRec(3));
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRec(1));
        assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRec(2));
    }

    @Test
    void submit_severalQos2_pubRelsInPubRecOrder() {
        // [MQTT-4.6.0-4] PUBRELs go out in the order the PUBRECs came, not the order of the PUBLISHes
        session.attach(channel, connAck(false, Properties.EMPTY));
        List<Publish> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submit("/t", QoS.EXACTLY_ONCE);
            sent.add(written());
        }
        int[] order = {sent.get(1).packetId(), sent.get(2).packetId(), sent.get(0).packetId()};
        for (int id : order) {
            session.onPacket(new PubRec(id));
        }
        session.flush();
        for (int id : order) {
            assertThat(channel.<Object>readOutbound()).isEqualTo(new PubRel(id));
        }
    }
}
