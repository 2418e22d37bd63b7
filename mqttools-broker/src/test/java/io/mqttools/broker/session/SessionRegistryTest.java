package io.mqttools.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mqttools.broker.config.Limits;
import io.mqttools.broker.routing.SubscriptionTree;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Will;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SubscriptionTree router = new SubscriptionTree();
    private final List<String> wills = new ArrayList<>();
    private final SessionRegistry registry = new SessionRegistry(new InMemorySessionStore(), router, timers,
            (clientId, will) -> {
                synchronized (wills) {
                    wills.add(clientId + ":" + will.payload().asUtf8());
                }
            }, 100);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private static final class Owner implements SessionOwner {
        boolean takenOver;

        @Override
        public void wake() {
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
            takenOver = true;
            detached.run();
        }

        @Override
        public String describe() {
            return "owner";
        }
    }

    private static Will will(String text, long delay) {
        Properties p = delay == 0 ? Properties.EMPTY
                : Properties.builder().set(PropertyId.WILL_DELAY_INTERVAL, delay).build();
        return new Will("w", Bytes.utf8(text), QoS.AT_MOST_ONCE, false, p);
    }

    private List<String> wills() {
        synchronized (wills) {
            return List.copyOf(wills);
        }
    }

    @Test
    void claim_newClient_newSessionNotPresent() {
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", false, 60, o);
        assertThat(c.sessionPresent()).isFalse();
        assertThat(c.previousOwner()).isNull();
        assertThat(registry.activate(c, o)).isTrue();
        assertThat(c.session().owner()).isSameAs(o);
    }

    @Test
    void claim_existingWhileConnected_previousOwnerReportedAndSessionResumed() {
        Owner first = new Owner();
        SessionRegistry.Claim c1 = registry.claim("a", false, 60, first);
        registry.activate(c1, first);
        Owner second = new Owner();
        SessionRegistry.Claim c2 = registry.claim("a", false, 60, second);
        assertThat(c2.previousOwner()).isSameAs(first);
        assertThat(c2.session()).isSameAs(c1.session());
        assertThat(c2.sessionPresent()).isTrue();
        registry.disconnected(c1.session(), first, 60, null); // the old connection lets go
        assertThat(registry.activate(c2, second)).isTrue();
        assertThat(c2.session().owner()).isSameAs(second);
    }

    @Test
    void claim_takeoverOfSessionEndingWithItsConnection_newSessionNotResumed() {
        // [MQTT-3.1.2-6] (3.1.1 Clean Session 1; 5.0 Session Expiry 0): taken over without Clean Start,
        // the session still ends, its subscriptions with it
        Owner first = new Owner();
        SessionRegistry.Claim c1 = registry.claim("a", true, 0, first);
        registry.activate(c1, first);
        router.subscribe("a", new Subscription("t", QoS.AT_MOST_ONCE), 0);
        Owner second = new Owner();
        SessionRegistry.Claim c2 = registry.claim("a", false, Limits.NEVER_EXPIRE, second);
        assertThat(c2.previousOwner()).isSameAs(first);
        assertThat(c2.sessionPresent()).isFalse();
        assertThat(c2.discarded()).isSameAs(c1.session());
        registry.disconnected(c1.session(), first, 0, null); // the old connection lets go
        assertThat(registry.activate(c2, second)).isTrue();
        assertThat(router.subscriptions("a")).isEmpty();
    }

    @Test
    void claim_cleanStart_discardsSessionAndSubscriptions() {
        Owner first = new Owner();
        SessionRegistry.Claim c1 = registry.claim("a", false, 60, first);
        registry.activate(c1, first);
        router.subscribe("a", new Subscription("t", QoS.AT_MOST_ONCE), 0);
        registry.disconnected(c1.session(), first, 60, null);
        Owner second = new Owner();
        SessionRegistry.Claim c2 = registry.claim("a", true, 0, second);
        assertThat(c2.sessionPresent()).isFalse(); // [MQTT-3.2.2-2]
        assertThat(c2.discarded()).isSameAs(c1.session());
        registry.activate(c2, second);
        assertThat(router.subscriptions("a")).isEmpty();
    }

    @Test
    void disconnected_expiryZero_sessionEndsAndWillPublished() {
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", true, 0, o);
        registry.activate(c, o);
        registry.disconnected(c.session(), o, 0, will("bye", 0));
        assertThat(registry.get("a")).isNull();
        assertThat(wills()).containsExactly("a:bye");
    }

    @Test
    void disconnected_neverExpire_sessionKept() {
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", false, Limits.NEVER_EXPIRE, o);
        registry.activate(c, o);
        registry.disconnected(c.session(), o, Limits.NEVER_EXPIRE, null);
        assertThat(registry.get("a")).isSameAs(c.session());
        assertThat(c.session().owner()).isNull();
    }

    @Test
    void disconnected_expiryOneSecond_removedByTimer() {
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", false, 1, o);
        registry.activate(c, o);
        registry.disconnected(c.session(), o, 1, null);
        await().atMost(3, TimeUnit.SECONDS).until(() -> registry.get("a") == null);
    }

    @Test
    void willDelay_reconnectInTime_willCancelled() throws Exception {
        // [MQTT-3.1.3-9]
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", false, 60, o);
        registry.activate(c, o);
        registry.disconnected(c.session(), o, 60, will("late", 1));
        registry.claim("a", false, 60, new Owner());
        timers.schedule(() -> { }, 1500, TimeUnit.MILLISECONDS).get();
        assertThat(wills()).isEmpty();
    }

    @Test
    void expiredCount_countsOnlySessionsEndedByTheirExpiry() {
        Owner o = new Owner();
        SessionRegistry.Claim clean = registry.claim("clean", true, 0, o);
        registry.activate(clean, o);
        registry.disconnected(clean.session(), o, 0, null); // ends with the connection: not an expiry
        Owner p = new Owner();
        SessionRegistry.Claim kept = registry.claim("kept", false, 1, p);
        registry.activate(kept, p);
        registry.disconnected(kept.session(), p, 1, null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> registry.size() == 0);
        assertThat(registry.expiredCount()).isEqualTo(1);
    }

    @Test
    void willDelay_sessionEndsFirst_willPublishedAtSessionEnd() {
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", false, 1, o);
        registry.activate(c, o);
        registry.disconnected(c.session(), o, 1, will("end", 3600));
        await().atMost(3, TimeUnit.SECONDS).until(() -> wills().equals(List.of("a:end")));
    }

    @Test
    void willDelay_cleanStartReconnect_willPublishedAtOnce() {
        Owner o = new Owner();
        SessionRegistry.Claim c = registry.claim("a", false, 60, o);
        registry.activate(c, o);
        registry.disconnected(c.session(), o, 60, will("now", 3600));
        registry.claim("a", true, 0, new Owner()); // the old session ends now [MQTT-3.1.2-4]
        assertThat(wills()).containsExactly("a:now");
    }

    @Test
    void disconnected_takenOverWithResume_delayedWillNotPublished() {
        Owner first = new Owner();
        SessionRegistry.Claim c1 = registry.claim("a", false, 60, first);
        registry.activate(c1, first);
        registry.claim("a", false, 60, new Owner());
        registry.disconnected(c1.session(), first, 60, will("delayed", 10));
        assertThat(wills()).isEmpty();
    }

    @Test
    void disconnected_takenOver_immediateWillPublished() {
        Owner first = new Owner();
        SessionRegistry.Claim c1 = registry.claim("a", false, 60, first);
        registry.activate(c1, first);
        registry.claim("a", false, 60, new Owner());
        registry.disconnected(c1.session(), first, 60, will("now", 0));
        assertThat(wills()).containsExactly("a:now");
    }
}
