package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.broker.config.Features;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The number of event loops ({@link Broker.Builder#ioThreads}): what is asked for is what runs, and messages
 * between connections arrive whether they share a loop or not.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IoThreadsIT {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    /** The count itself is FeaturesTest's; the tests run with io.netty.eventLoopThreads=4 (the parent pom). */
    @Test
    void default_isFeaturesDefault() {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start()) {
            assertThat(broker.ioThreads()).isEqualTo(Features.defaultIoThreads());
        }
    }

    @Test
    void negative_isRefusedByTheBuilder() {
        assertThatThrownBy(() -> Broker.builder().ioThreads(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ioThreads must be 1 or more (0 for the default), not -1");
    }

    /** One loop: publisher and subscribers share it, and the delivery is drained in place. */
    @Test
    void oneLoop_messagesFlowBetweenConnections() throws Exception {
        deliversToEverySubscriber(1);
    }

    /**
     * Three loops and four connections: connections are spread over the loops in turn, so the publisher's
     * loop hands most deliveries to other loops.
     */
    @Test
    void threeLoops_messagesFlowBetweenConnections() throws Exception {
        deliversToEverySubscriber(3);
    }

    private static void deliversToEverySubscriber(int loops) throws Exception {
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).ioThreads(loops).build().start()) {
            assertThat(broker.ioThreads()).isEqualTo(loops);
            List<RawClient> subscribers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawClient sub = RawClient.connected(broker.port(), V5, "sub" + i, true, Properties.EMPTY);
                    subscribers.add(sub);
                    sub.subscribe(1, "loops/#", QoS.AT_LEAST_ONCE);
                }
                try (RawClient pub = RawClient.connected(broker.port(), V5, "pub", true, Properties.EMPTY)) {
                    for (int m = 1; m <= 20; m++) {
                        pub.send(new Publish("loops/" + m, QoS.AT_LEAST_ONCE, false, false, m, Bytes.utf8("m" + m),
                                Properties.EMPTY));
                        assertThat(pub.readUntil(PubAck.class).packetId()).isEqualTo(m);
                    }
                }
                for (RawClient sub : subscribers) {
                    for (int m = 1; m <= 20; m++) {
                        Publish got = sub.readUntil(Publish.class);
                        assertThat(got.topic()).isEqualTo("loops/" + m);
                        assertThat(got.payload()).isEqualTo(Bytes.utf8("m" + m));
                    }
                }
            } finally {
                for (RawClient sub : subscribers) {
                    sub.close();
                }
            }
        }
    }
}
