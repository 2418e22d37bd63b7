package io.mqttools.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Publish;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static Delivery delivery(QoS qos, String text) {
        return new Delivery(Publish.of("t", Bytes.utf8(text)), qos, false, List.of(), 0);
    }

    /** Counts wake-ups; never drains by itself. */
    private static final class CountingOwner implements SessionOwner {
        final AtomicInteger wakes = new AtomicInteger();

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return Runnable::run;
        }

        @Override
        public void drainNow() {
        }

        @Override
        public void takeOver(boolean sessionContinues, Runnable detached) {
            detached.run();
        }

        @Override
        public String describe() {
            return "test";
        }
    }

    @Test
    void offer_connected_wakesOwnerOncePerBatch() {
        Session s = new Session("c", 10);
        CountingOwner owner = new CountingOwner();
        s.attach(owner);
        s.offer(delivery(QoS.AT_MOST_ONCE, "1"));
        s.offer(delivery(QoS.AT_MOST_ONCE, "2"));
        assertThat(owner.wakes).hasValue(1);
        s.collectInbox();
        assertThat(s.pending()).hasSize(2);
        s.offer(delivery(QoS.AT_MOST_ONCE, "3"));
        assertThat(owner.wakes).hasValue(2);
    }

    @Test
    void offer_offline_queuedAndOwnerWokenOnAttach() {
        Session s = new Session("c", 10);
        s.offer(delivery(QoS.AT_LEAST_ONCE, "1"));
        CountingOwner owner = new CountingOwner();
        s.attach(owner);
        assertThat(owner.wakes).hasValue(1);
    }

    @Test
    void offer_offlineFullQueue_qos0DroppedQos1AcceptedAsFull() {
        Session s = new Session("c", 2);
        assertThat(s.offer(delivery(QoS.AT_MOST_ONCE, "1"))).isEqualTo(Session.Offer.ACCEPTED);
        // the queue reaches its bound: accepted, and the publisher is asked to pause
        assertThat(s.offer(delivery(QoS.AT_LEAST_ONCE, "2"))).isEqualTo(Session.Offer.FULL);
        assertThat(s.offer(delivery(QoS.AT_MOST_ONCE, "3"))).isEqualTo(Session.Offer.DROPPED);
        // never drop an acknowledged QoS 1/2 message: it is queued and the publisher told to pause
        assertThat(s.offer(delivery(QoS.AT_LEAST_ONCE, "4"))).isEqualTo(Session.Offer.FULL);
        assertThat(s.queuedCount()).isEqualTo(3);
    }

    @Test
    void trimQos0_connectedFullQueue_oldestQos0DroppedFirstQos1Kept() {
        Session s = new Session("c", 2);
        s.attach(new CountingOwner());
        assertThat(s.offer(delivery(QoS.AT_MOST_ONCE, "old0"))).isEqualTo(Session.Offer.ACCEPTED);
        assertThat(s.offer(delivery(QoS.AT_LEAST_ONCE, "q1"))).isEqualTo(Session.Offer.FULL);
        // connected: over the bound still queued (publishers racing their pause), dropped past twice the bound
        assertThat(s.offer(delivery(QoS.AT_MOST_ONCE, "mid0"))).isEqualTo(Session.Offer.FULL);
        assertThat(s.offer(delivery(QoS.AT_MOST_ONCE, "new0"))).isEqualTo(Session.Offer.FULL);
        s.collectInbox();
        assertThat(s.trimQos0()).isZero();
        assertThat(s.offer(delivery(QoS.AT_MOST_ONCE, "new1"))).isEqualTo(Session.Offer.FULL);
        s.collectInbox();
        assertThat(s.trimQos0()).isEqualTo(1);
        assertThat(s.pending()).extracting(d -> d.message().payload().asUtf8())
                .containsExactly("q1", "mid0", "new0", "new1");
        assertThat(s.queuedCount()).isEqualTo(4);
    }

    @Test
    void addWaiter_releasedWhenQueueDrainsBelowHalf() {
        Session s = new Session("c", 4);
        for (int i = 0; i < 5; i++) {
            s.offer(delivery(QoS.AT_LEAST_ONCE, "m" + i));
        }
        AtomicInteger resumed = new AtomicInteger();
        s.addWaiter(resumed::incrementAndGet);
        assertThat(resumed).hasValue(0);
        s.collectInbox();
        s.takePending();
        s.takePending();
        assertThat(resumed).hasValue(0);
        s.takePending(); // 2 left: at half the bound
        assertThat(resumed).hasValue(1);
    }

    @Test
    void addWaiter_queueAlreadyDrained_runsAtOnce() {
        Session s = new Session("c", 4);
        AtomicInteger resumed = new AtomicInteger();
        s.addWaiter(resumed::incrementAndGet);
        assertThat(resumed).hasValue(1);
    }

    private static Delivery sized(QoS qos, int bytes) {
        return new Delivery(Publish.of("t", Bytes.wrap(new byte[bytes])), qos, false, List.of(), 0);
    }

    @Test
    void offer_connectedReachesByteBound_fullBeforeCountBound() {
        Session s = new Session("c", 1000, 100);
        s.attach(new CountingOwner());
        assertThat(s.offer(sized(QoS.AT_LEAST_ONCE, 60))).isEqualTo(Session.Offer.ACCEPTED);
        assertThat(s.queuedBytes()).isEqualTo(60);
        assertThat(s.isFull()).isFalse();
        assertThat(s.offer(sized(QoS.AT_LEAST_ONCE, 40))).isEqualTo(Session.Offer.FULL);
        assertThat(s.isFull()).isTrue();
        // QoS 1 is queued all the same, however far past the byte bound
        assertThat(s.offer(sized(QoS.AT_LEAST_ONCE, 500))).isEqualTo(Session.Offer.FULL);
        assertThat(s.queuedCount()).isEqualTo(3);
        assertThat(s.queuedBytes()).isEqualTo(600);
    }

    @Test
    void offer_offlinePastByteBound_qos0DroppedQos1Kept() {
        Session s = new Session("c", 1000, 100);
        assertThat(s.offer(sized(QoS.AT_MOST_ONCE, 90))).isEqualTo(Session.Offer.ACCEPTED);
        assertThat(s.offer(sized(QoS.AT_MOST_ONCE, 20))).isEqualTo(Session.Offer.DROPPED);
        assertThat(s.queuedBytes()).isEqualTo(90);
        assertThat(s.offer(sized(QoS.AT_LEAST_ONCE, 20))).isEqualTo(Session.Offer.FULL);
        assertThat(s.queuedCount()).isEqualTo(2);
        assertThat(s.queuedBytes()).isEqualTo(110);
    }

    @Test
    void trimQos0_pastTwiceByteBound_oldestQos0DroppedUntilWithin() {
        Session s = new Session("c", 1000, 100);
        s.attach(new CountingOwner());
        s.offer(sized(QoS.AT_MOST_ONCE, 80));
        s.offer(sized(QoS.AT_LEAST_ONCE, 80));
        s.offer(sized(QoS.AT_MOST_ONCE, 50));
        s.offer(sized(QoS.AT_MOST_ONCE, 30));
        s.collectInbox();
        assertThat(s.queuedBytes()).isEqualTo(240);
        assertThat(s.trimQos0()).isEqualTo(1); // the oldest QoS 0 (80 B) goes: 160 <= 200
        assertThat(s.queuedBytes()).isEqualTo(160);
        assertThat(s.pending()).extracting(d -> d.message().payload().length()).containsExactly(80, 50, 30);
        assertThat(s.peekPending().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(s.trimQos0()).isZero();
    }

    @Test
    void addWaiter_releasedOnlyWhenBytesAlsoDrainToHalf() {
        Session s = new Session("c", 1000, 100);
        s.attach(new CountingOwner());
        s.offer(sized(QoS.AT_LEAST_ONCE, 30));
        s.offer(sized(QoS.AT_LEAST_ONCE, 30));
        s.offer(sized(QoS.AT_LEAST_ONCE, 45));
        s.collectInbox();
        AtomicInteger resumed = new AtomicInteger();
        s.addWaiter(resumed::incrementAndGet);
        assertThat(resumed).hasValue(0); // 3 messages is far below half the count bound, 105 B is not
        s.takePending();
        assertThat(s.queuedBytes()).isEqualTo(75);
        assertThat(resumed).hasValue(0);
        s.takePending();
        assertThat(s.queuedBytes()).isEqualTo(45);
        assertThat(resumed).hasValue(1);
        s.takePending();
        assertThat(s.queuedBytes()).isZero();
        assertThat(resumed).hasValue(1);
    }

    @Test
    void offer_zeroByteBound_countBoundOnly() {
        Session s = new Session("c", 2, 0);
        s.attach(new CountingOwner());
        assertThat(s.offer(sized(QoS.AT_LEAST_ONCE, 1 << 20))).isEqualTo(Session.Offer.ACCEPTED);
        assertThat(s.offer(sized(QoS.AT_LEAST_ONCE, 1))).isEqualTo(Session.Offer.FULL);
    }
}
