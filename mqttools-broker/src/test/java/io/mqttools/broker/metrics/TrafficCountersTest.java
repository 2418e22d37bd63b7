package io.mqttools.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class TrafficCountersTest {
    private final TrafficCounters counters = new TrafficCounters();

    /** A distinct event loop stand-in each call. */
    private static Executor loop() {
        return new Executor() {
            @Override
            public void execute(Runnable task) {
                task.run();
            }
        };
    }

    @Test
    void tally_countsOnlyReachCountersAtFlush() {
        Tally tally = counters.tally(loop());
        tally.messageReceived();
        tally.publishReceived(5);
        tally.messageSent();
        tally.publishSent(7);
        tally.publishSent(3);
        assertThat(counters.traffic()).isEqualTo(new MetricsSnapshot.Traffic(0, 0, 0, 0, 0, 0, 0, 0));

        tally.flush();
        assertThat(counters.traffic()).isEqualTo(new MetricsSnapshot.Traffic(1, 1, 0, 0, 1, 2, 5, 10));
        tally.flush(); // nothing new: nothing added twice
        assertThat(counters.traffic()).isEqualTo(new MetricsSnapshot.Traffic(1, 1, 0, 0, 1, 2, 5, 10));
    }

    @Test
    void tally_oneForEachEventLoop() {
        Executor loop = loop();
        Executor other = loop();
        assertThat(counters.tally(loop)).isSameAs(counters.tally(loop)).isNotSameAs(counters.tally(other));
    }

    @Test
    void tallies_ofManyLoops_addUp() {
        for (int i = 0; i < 3; i++) {
            Tally t = counters.tally(loop());
            t.messageReceived();
            t.messageReceived();
            t.flush();
        }
        counters.bytesReceived(100);
        counters.bytesSent(40);
        MetricsSnapshot.Traffic traffic = counters.traffic();
        assertThat(traffic.messagesReceived()).isEqualTo(6);
        assertThat(traffic.bytesReceived()).isEqualTo(100);
        assertThat(traffic.bytesSent()).isEqualTo(40);
    }

    @Test
    void clients_maximumKeepsTheHighestConnectedCount() {
        counters.clientConnected();
        counters.clientConnected();
        counters.clientConnected();
        counters.clientDisconnected();
        counters.clientDisconnected();
        counters.clientConnected();
        assertThat(counters.connected()).isEqualTo(2);
        assertThat(counters.maximum()).isEqualTo(3);
        assertThat(counters.connects()).isEqualTo(4);
    }

    @Test
    void listeners_countOpenSocketsEachAndAcceptedOverAll() {
        ListenerGauge plain = counters.listener("mqtt");
        ListenerGauge tls = counters.listener("mqtts");
        plain.opened();
        plain.opened();
        tls.opened();
        plain.closed();
        assertThat(counters.listener("mqtt")).isSameAs(plain);
        assertThat(counters.openPerListener()).isEqualTo(Map.of("mqtt", 1, "mqtts", 1));
        assertThat(counters.sockets()).isEqualTo(3);
    }
}
