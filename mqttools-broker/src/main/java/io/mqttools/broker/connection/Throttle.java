package io.mqttools.broker.connection;

import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.broker.session.Session;
import io.mqttools.broker.session.WakeBatch;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Backpressure on a publisher: while any session it published to is over its queue bound, the
 * publisher is "paused". A paused publisher's QoS 1 and 2 PUBLISHes are parked unacknowledged (see
 * {@link InboundFlow}), so its own in-flight window fills and it stops sending, while its other packets
 * (acknowledgements, pings) are still read — stopping the socket outright could deadlock a client that
 * publishes to its own subscription. Its QoS 0 PUBLISHes stop its reads for a bounded time. Confined to
 * the event loop; sessions resume it from any thread.
 */
final class Throttle implements MessageDistributor.Backpressure {
    private final Connection conn;
    private final Runnable onResume;
    private int pauses;
    /** The sessions whose queues this publisher waits for; made at the first pause (most publishers never pause). */
    private Set<Session> waitingOn;

    Throttle(Connection conn, Runnable onResume) {
        this.conn = conn;
        this.onResume = onResume;
    }

    boolean paused() {
        return pauses > 0;
    }

    @Override
    public void sessionFull(Session session) {
        if (waitingOn == null) {
            waitingOn = new HashSet<>();
        }
        if (!waitingOn.add(session)) {
            return; // one waiter per full session, however many messages found it full
        }
        if (pauses++ == 0) {
            conn.services.metrics().publisherPaused();
        }
        AtomicBoolean once = new AtomicBoolean();
        session.addWaiter(() -> {
            if (once.compareAndSet(false, true)) {
                conn.ctx.executor().execute(() -> resume(session));
            }
        });
    }

    @Override
    public WakeBatch wakes() {
        return conn.wakes;
    }

    private void resume(Session session) {
        waitingOn.remove(session); // made by the sessionFull that scheduled this
        if (--pauses == 0) {
            onResume.run();
        }
    }
}
