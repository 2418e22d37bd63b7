package io.mqttools.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, scaled down from {@link ConnectionScaleBenchmark} so that CI runs it in seconds: 2,000 idle
 * connections all get their CONNACK and stay open, while 500 more with keep alive 1 s that go silent are
 * all closed by the broker 1.5 s after their last packet, give or take the slack of a shared machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyConnectionsIT {
    private static final int IDLE = 2000;
    private static final int EXPIRING = 500;
    /** 1.5 × keep alive, plus the scheduling of a machine shared with other builds. */
    private static final long KEEP_ALIVE_CLOSE_MILLIS = 1500 + 2500;

    private EventLoopGroup group;

    @BeforeEach
    void group() {
        group = new NioEventLoopGroup(1);
    }

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void manyIdleConnections_allAccepted_silentOnesClosedByKeepAliveUnderLoad() throws Exception {
        long needed = 2L * (IDLE + EXPIRING) + 200; // both ends of every connection live in this JVM
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            assertThat(os.getMaxFileDescriptorCount()).as("ulimit -n must allow %d file descriptors", needed)
                    .isGreaterThanOrEqualTo(needed);
        }
        try (RunningBroker broker = Broker.builder().host("127.0.0.1").port(0).build().start();
             IdleConnections idle = IdleConnections.open(group, broker.port(), IDLE, 0, "idle-", 60, TimeUnit.SECONDS)) {
            assertThat(idle.connAcks()).isEqualTo(IDLE);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.connectionCount() == IDLE);
            System.out.printf("%d connections in %d ms%n", IDLE, idle.connectMillis());

            try (IdleConnections silent = IdleConnections.open(group, broker.port(), EXPIRING, 1, "silent-",
                    60, TimeUnit.SECONDS)) {
                assertThat(silent.awaitAllClosed(KEEP_ALIVE_CLOSE_MILLIS, TimeUnit.MILLISECONDS))
                        .as("closed by keep alive: %d of %d", silent.closed(), EXPIRING).isTrue();
                System.out.printf("%d silent connections closed %d ms after the last CONNACK%n", EXPIRING,
                        silent.lastCloseAfterLastConnAckMillis());
                // none before its 1.5 s: the last one connected cannot have been closed much earlier than that
                assertThat(silent.lastCloseAfterLastConnAckMillis()).isGreaterThanOrEqualTo(1000);
            }
            assertThat(idle.closed()).as("idle connections without keep alive stay open").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.connectionCount() == IDLE);
            try (IdleConnections one = IdleConnections.open(group, broker.port(), 1, 0, "after-", 10, TimeUnit.SECONDS)) {
                assertThat(one.connAcks()).isEqualTo(1); // and it still takes new ones
            }
        }
    }

    @Test
    void connectPacket_encodesRemainingLengthAndKeepAlive() {
        byte[] p = IdleConnections.connectPacket("c", 300);
        assertThat(p).startsWith(0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 1, 44, 0, 1, 'c');
        assertThat(p).hasSize(15);
    }
}
