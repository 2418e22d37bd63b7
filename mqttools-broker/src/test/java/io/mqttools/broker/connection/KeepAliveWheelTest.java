package io.mqttools.broker.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link KeepAliveWheel} driven by a test clock: its ticks are run by hand (the embedded loop it schedules
 * them on never runs them by itself), so every assertion is about order, not about how fast a machine is.
 */
class KeepAliveWheelTest {
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(KeepAliveWheel.TICK_MILLIS);

    private long now = 1_000_000_000L;
    private final KeepAliveWheel wheel = new KeepAliveWheel(new EmbeddedChannel().eventLoop(), () -> now);
    private final List<KeepAlive> fired = new ArrayList<>();

    /** A timeout that records when it fired. */
    private final class Timed extends KeepAlive {
        long firedAt = -1;
        int times;

        Timed() {
            super(wheel, null);
        }

        @Override
        void expire() {
            firedAt = now;
            times++;
            fired.add(this);
        }
    }

    private void advanceMillis(long millis) {
        long end = now + TimeUnit.MILLISECONDS.toNanos(millis);
        while (now < end) { // one tick at a time, as the loop runs it
            now = Math.min(end, now + TICK);
            wheel.run();
        }
    }

    @Test
    void silentConnection_firesOnceWithinATickAfterItsTimeout_neverBefore() {
        Timed k = new Timed();
        k.start(1000);
        advanceMillis(999);
        assertThat(fired).isEmpty();
        advanceMillis(KeepAliveWheel.TICK_MILLIS + 1);
        assertThat(fired).containsExactly(k);
        advanceMillis(5000);
        assertThat(k.times).isOne();
        assertThat(wheel.size()).isZero();
    }

    @Test
    void packets_moveTheTimeoutOn() {
        Timed k = new Timed();
        k.start(1000);
        advanceMillis(800);
        k.touch(); // due at 1800 now
        advanceMillis(900);
        assertThat(fired).isEmpty();
        advanceMillis(100 + KeepAliveWheel.TICK_MILLIS);
        assertThat(fired).containsExactly(k);
    }

    @Test
    void cancelled_neverFires_andStartAgainRearms() {
        Timed k = new Timed();
        k.start(500);
        k.cancel();
        assertThat(wheel.size()).isZero();
        advanceMillis(2000);
        assertThat(fired).isEmpty();
        k.start(500);
        advanceMillis(600);
        assertThat(fired).containsExactly(k);
    }

    @Test
    void timeoutLongerThanARevolution_waitsItsWholeTime() {
        long revolutionMillis = KeepAliveWheel.BUCKETS * KeepAliveWheel.TICK_MILLIS;
        Timed k = new Timed();
        k.start(2 * revolutionMillis + 700);
        advanceMillis(2 * revolutionMillis + 650);
        assertThat(fired).isEmpty();
        advanceMillis(50 + KeepAliveWheel.TICK_MILLIS);
        assertThat(fired).containsExactly(k);
    }

    @Test
    void loopStalledForMinutes_everyDueTimeoutFiresAtTheNextTick() {
        Timed shortOne = new Timed();
        Timed longOne = new Timed();
        Timed notYet = new Timed();
        shortOne.start(1000);
        longOne.start(150_000);
        notYet.start(400_000);
        now += TimeUnit.SECONDS.toNanos(200); // no tick for longer than a revolution
        wheel.run();
        assertThat(fired).containsExactlyInAnyOrder(shortOne, longOne);
        advanceMillis(199_000);
        assertThat(fired).hasSize(2);
        advanceMillis(1000 + KeepAliveWheel.TICK_MILLIS);
        assertThat(fired).hasSize(3).contains(notYet);
    }

    @Test
    void aTimeoutCancellingAnotherDueAtTheSameTick_theOtherDoesNotFire() {
        List<KeepAlive> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(new KeepAlive(wheel, null) {
                @Override
                void expire() {
                    fired.add(null);
                    both.forEach(KeepAlive::cancel); // say, the other's connection closed by what this one set off
                }
            });
        }
        both.forEach(k -> k.start(1000));
        advanceMillis(1000 + KeepAliveWheel.TICK_MILLIS);
        assertThat(fired).hasSize(1);
        assertThat(wheel.size()).isZero();
    }

    @Test
    void thousandsOfConnections_randomTimeoutsAndPackets_eachFiresOnceInItsTick() {
        Random random = new Random(42);
        List<Timed> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Timed k = new Timed();
            k.start(1 + random.nextInt(120_000)); // up to two revolutions and more
            all.add(k);
        }
        for (int step = 0; step < 1000; step++) { // 100 s in ticks, packets arriving at random
            for (int j = 0; j < 5; j++) {
                Timed k = all.get(random.nextInt(all.size()));
                if (k.times == 0) {
                    k.touch();
                }
            }
            advanceMillis(KeepAliveWheel.TICK_MILLIS);
        }
        advanceMillis(121_000); // then silence: every one is due by now
        for (int i = 0; i < all.size(); i++) {
            Timed k = all.get(i);
            assertThat(k.times).as("timeout %d", i).isOne();
            long lateness = k.firedAt - k.dueNanos();
            assertThat(lateness).as("timeout %d fired %d ns after it was due", i, lateness).isBetween(0L, TICK);
        }
        assertThat(wheel.size()).isZero();
    }
}
