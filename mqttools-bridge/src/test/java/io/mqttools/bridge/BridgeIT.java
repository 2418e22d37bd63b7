package io.mqttools.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.broker.config.BridgeConfig;
import io.mqttools.broker.config.BridgeTopic;
import io.mqttools.client.Client;
import io.mqttools.client.Message;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two mqttools brokers bridged in one JVM: what does not need mosquitto to check. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final BridgeConfig.RestartTimeout FAST =
            new BridgeConfig.RestartTimeout(Duration.ofMillis(200), Duration.ofMillis(200));

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private RunningBroker broker() {
        return keep(Broker.builder().host("127.0.0.1").port(0).sysInterval(Duration.ZERO).build().start());
    }

    private static BridgeConfig config(List<BridgeConfig.Address> addresses, ProtocolVersion version, boolean once,
                                       String notificationTopic) {
        return new BridgeConfig("b", addresses, List.of(new BridgeTopic("t/#", BridgeTopic.Direction.BOTH,
                QoS.AT_LEAST_ONCE, "here/", "there/")), true, "bridge-b", "local.bridge-b", null, null, 60, version,
                true, new BridgeConfig.Notifications(true, false, notificationTopic), FAST, once, true, null);
    }

    private static BridgeConfig.Address at(int port) {
        return new BridgeConfig.Address("127.0.0.1", port);
    }

    private Client client(RunningBroker broker, List<Message> received, String filter) throws Exception {
        Client c = keep(Client.builder("127.0.0.1", broker.port()).onMessage(received::add).build());
        c.start();
        if (filter != null) {
            c.subscribe(filter, QoS.AT_LEAST_ONCE);
        }
        return c;
    }

    @Test
    void tryPrivate_remoteMqttools_acceptsTheBridgeLevelAndSendsNothingBack() throws Exception {
        RunningBroker local = broker();
        RunningBroker remote = broker(); // takes protocol level 0x84 as mosquitto does: No Local for the bridge
        Bridge b = keep(Bridge.start(config(List.of(at(remote.port())), ProtocolVersion.MQTT_3_1_1, false, "s/b"), local));
        await().atMost(WAIT).until(b::isConnected);
        List<Message> there = new CopyOnWriteArrayList<>();
        List<Message> here = new CopyOnWriteArrayList<>();
        client(remote, there, "there/#");
        client(local, here, "here/#");
        client(local, new CopyOnWriteArrayList<>(), null).publish(Message.of("here/t/1", "x").withQos(QoS.AT_LEAST_ONCE))
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> there.size() == 1);
        assertThat(there.get(0).topic()).isEqualTo("there/t/1");
        // a round trip over another topic proves the bridge still forwards; by then an echo of here/t/1 (the
        // remote sending the bridge's own message back, then the bridge delivering it here again) had come
        client(remote, new CopyOnWriteArrayList<>(), null).publish(Message.of("there/t/2", "y").withQos(QoS.AT_LEAST_ONCE))
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> here.stream().anyMatch(m -> m.topic().equals("here/t/2")));
        assertThat(here).extracting(Message::topic).containsExactly("here/t/1", "here/t/2");
    }

    @Test
    void tryPrivate_remoteRefusesTheBridgeLevel_connectsAgainAsAPlainClient() throws Exception {
        RunningBroker local = broker();
        List<Integer> levels = new CopyOnWriteArrayList<>();
        try (ServerSocket refusing = new ServerSocket(0)) {
            // a remote broker that knows no bridge level: return code 1 to 0x84, CONNACK 0 to a plain 3.1.1 CONNECT
            Thread remote = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket s = refusing.accept();
                        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                        in.readUnsignedByte(); // CONNECT
                        byte[] body = new byte[in.readUnsignedByte()]; // remaining length < 128 here
                        in.readFully(body);
                        int level = body[6] & 0xFF; // after the protocol name "MQTT"
                        levels.add(level);
                        s.getOutputStream().write(new byte[] {0x20, 2, 0, (byte) (level == 4 ? 0 : 1)});
                        if (level != 4) {
                            s.close();
                            continue;
                        }
                        for (int type; (type = in.read()) >= 0; ) { // the plain connection: SUBACK its SUBSCRIBE
                            byte[] packet = new byte[in.readUnsignedByte()];
                            in.readFully(packet);
                            if (type == 0x82) {
                                s.getOutputStream().write(new byte[] {(byte) 0x90, 3, packet[0], packet[1], 1});
                            }
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "refusing-remote");
            remote.setDaemon(true);
            remote.start();
            Bridge b = keep(Bridge.start(config(List.of(at(refusing.getLocalPort())), ProtocolVersion.MQTT_3_1_1, false,
                    "s/b"), local));
            await().atMost(WAIT).until(b::isConnected);
            assertThat(levels).containsExactly(0x84, 4);
        }
    }

    @Test
    void addresses_firstUnreachable_theNextIsUsed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RunningBroker local = broker();
        RunningBroker remote = broker();
        Bridge b = keep(Bridge.start(config(List.of(at(closed), at(remote.port())), ProtocolVersion.MQTT_5, false,
                "s/b"), local));
        await().atMost(WAIT).until(b::isConnected);
        List<Message> here = new CopyOnWriteArrayList<>();
        client(local, here, "here/#");
        client(remote, new CopyOnWriteArrayList<>(), null).publish(Message.of("there/t/2", "y").withQos(QoS.AT_LEAST_ONCE))
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> here.size() == 1);
        assertThat(here.get(0).topic()).isEqualTo("here/t/2");
        assertThat(here.get(0).qos()).isEqualTo(QoS.AT_LEAST_ONCE);
    }

    @Test
    void close_publishesStateZeroOnBothSides_andEndsTheLocalSession() throws Exception {
        RunningBroker local = broker();
        RunningBroker remote = broker();
        int sessionsBefore = local.sessionCount();
        Bridge b = Bridge.start(config(List.of(at(remote.port())), ProtocolVersion.MQTT_5, false, "state/b"), local);
        await().atMost(WAIT).until(b::isConnected);
        assertThat(local.sessionCount()).isEqualTo(sessionsBefore + 1);
        b.close();
        assertThat(local.sessionCount()).isEqualTo(sessionsBefore);
        for (RunningBroker side : List.of(local, remote)) {
            List<Message> state = new CopyOnWriteArrayList<>();
            client(side, state, "state/b");
            await().atMost(WAIT).until(() -> state.size() == 1);
            assertThat(state.get(0).payloadAsString()).isEqualTo("0");
            assertThat(state.get(0).retain()).isTrue();
        }
    }

    @Test
    void startTypeOnce_notRestartedAfterTheConnectionFails() throws Exception {
        RunningBroker local = broker();
        RunningBroker remote = Broker.builder().host("127.0.0.1").port(0).sysInterval(Duration.ZERO).build().start();
        int port = remote.port();
        Bridge b = keep(Bridge.start(config(List.of(at(port)), ProtocolVersion.MQTT_5, true, "s/b"), local));
        await().atMost(WAIT).until(b::isConnected);
        remote.close();
        await().atMost(WAIT).until(() -> !b.isConnected());
        keep(Broker.builder().host("127.0.0.1").port(port).sysInterval(Duration.ZERO).build().start());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !b.isConnected());
    }
}
