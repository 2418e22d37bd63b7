package io.mqttools.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.routing.InMemoryRetainedStore;
import io.mqttools.broker.routing.SubscriptionTree;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscription;
import org.junit.jupiter.api.Test;

class MessageDistributorTest {
    private final SubscriptionTree router = new SubscriptionTree();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final MessageDistributor distributor =
            new MessageDistributor(router, new InMemoryRetainedStore(), sessions, new DeliveryMetrics());

    private Session session(String clientId, Subscription subscription, int subscriptionIdentifier) {
        Session s = new Session(clientId, 100);
        sessions.put(s);
        router.subscribe(clientId, subscription, subscriptionIdentifier);
        return s;
    }

    private static Delivery queued(Session s) {
        s.collectInbox();
        assertThat(s.pending()).hasSize(1);
        return s.peekPending();
    }

    @Test
    void publish_plainSubscriptionsAtTheSameQos_shareOneDelivery() {
        Session a = session("a", new Subscription("t/#", QoS.AT_LEAST_ONCE), 0);
        Session b = session("b", new Subscription("t/+", QoS.AT_LEAST_ONCE), 0);
        Session c = session("c", new Subscription("t/x", QoS.AT_MOST_ONCE), 0); // a lower QoS: its own
        Publish message = new Publish("t/x", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("m"), Properties.EMPTY);

        assertThat(distributor.publish(message, null, null)).isEqualTo(3);

        Delivery toA = queued(a);
        assertThat(queued(b)).isSameAs(toA);
        assertThat(toA.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        Delivery toC = queued(c);
        assertThat(toC.qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(toC.message()).isSameAs(message);
        // taking one session's copy leaves the other's in place
        assertThat(a.takePending()).isSameAs(toA);
        assertThat(b.peekPending()).isSameAs(toA);
    }

    @Test
    void publish_subscriptionIdentifiersOrRetainAsPublished_keepTheirOwnFlags() {
        Session plain = session("plain", new Subscription("t", QoS.AT_MOST_ONCE), 0);
        Session withId = session("withId", new Subscription("t", QoS.AT_MOST_ONCE), 7);
        Session rap = session("rap", new Subscription("t", QoS.AT_MOST_ONCE, false, true, RetainHandling.SEND_ON_SUBSCRIBE), 0);
        Publish retained = new Publish("t", QoS.AT_MOST_ONCE, true, false, 0, Bytes.utf8("r"), Properties.EMPTY);

        distributor.publish(retained, null, null);

        Delivery toPlain = queued(plain);
        assertThat(toPlain.retain()).isFalse(); // [MQTT-3.3.1-12] cleared without Retain As Published
        assertThat(toPlain.subscriptionIdentifiers()).isEmpty();
        Delivery toWithId = queued(withId);
        assertThat(toWithId).isNotSameAs(toPlain);
        assertThat(toWithId.subscriptionIdentifiers()).containsExactly(7);
        Delivery toRap = queued(rap);
        assertThat(toRap).isNotSameAs(toPlain);
        assertThat(toRap.retain()).isTrue();
    }
}
