package io.mqttools.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.mqttools.client.Client;
import io.mqttools.client.ClientThreads;
import io.mqttools.client.Message;
import io.mqttools.protocol.QoS;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients on a few {@link ClientThreads}, against our broker. */
@Timeout(60)
class ClientThreadsIT {
    private static final int CLIENTS = 20;
    private static final int THREADS = 3;

    private RunningBroker broker;

    @BeforeEach
    void startBroker() {
        broker = Broker.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private Client client(ClientThreads threads, int i, Set<String> hookThreads, CountDownLatch received) {
        return Client.builder("127.0.0.1", broker.port()).clientId("ct-" + i).threads(threads)
                .onMessage(m -> {
                    hookThreads.add(Thread.currentThread().getName());
                    received.countDown();
                }).build();
    }

    @Test
    void manyClients_runOnTheSharedThreadsOnly_andStoppingOneLeavesTheOthersWorking() throws Exception {
        Set<String> hookThreads = ConcurrentHashMap.newKeySet();
        CountDownLatch firstRound = new CountDownLatch(CLIENTS);
        CountDownLatch secondRound = new CountDownLatch(CLIENTS / 2);
        List<CountDownLatch> rounds = List.of(firstRound, secondRound);
        try (ClientThreads threads = ClientThreads.create(THREADS)) {
            assertThat(threads.threadCount()).isEqualTo(THREADS);
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int round = i;
                Client c = Client.builder("127.0.0.1", broker.port()).clientId("ct-" + i).threads(threads)
                        .onMessage(m -> {
                            hookThreads.add(Thread.currentThread().getName());
                            rounds.get(m.payloadAsString().equals("1") ? 0 : 1).countDown();
                        }).build();
                c.start();
                c.subscribe("t/" + round, QoS.AT_LEAST_ONCE);
                clients.add(c);
            }
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).publish(Message.of("t/" + i, "1").withQos(QoS.AT_LEAST_ONCE)).join();
            }
            assertThat(firstRound.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(hookThreads).hasSizeBetween(1, THREADS).allMatch(n -> n.startsWith("mqttools-client-shared"));
            // No client started a thread of its own (those are named after the client id).
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("mqttools-client-ct-"));

            // Stopping half of the clients must not shut the shared loops down for the other half.
            for (int i = 0; i < CLIENTS / 2; i++) {
                clients.get(i).stop();
            }
            for (int i = CLIENTS / 2; i < CLIENTS; i++) {
                clients.get(i).publish(Message.of("t/" + i, "2").withQos(QoS.AT_LEAST_ONCE)).join();
            }
            assertThat(secondRound.await(20, TimeUnit.SECONDS)).isTrue();

            // A stopped client starts again on the shared threads.
            Client again = clients.get(0);
            again.start();
            assertThat(again.subscribe("t/again", QoS.AT_LEAST_ONCE).isError()).isFalse();
            clients.forEach(Client::stop);
        }
    }

    @Test
    void start_afterTheThreadsAreClosed_fails() {
        ClientThreads threads = ClientThreads.create(1);
        threads.close();
        assertThat(threads.isClosed()).isTrue();
        Client c = client(threads, 0, ConcurrentHashMap.newKeySet(), new CountDownLatch(1));
        assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(c.publish(Message.of("t", "x")).isCompletedExceptionally()).isTrue();
    }

    @Test
    void create_withNoThreads_isRefused() {
        assertThatThrownBy(() -> ClientThreads.create(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
