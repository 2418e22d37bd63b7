package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.QoS;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriberListTest {
    private final SubscriberList list = new SubscriberList();
    private final Map<String, Subscriber> model = new LinkedHashMap<>();

    private void put(String clientId, int id) {
        Subscriber subscriber = Subscriber.of(clientId, QoS.AT_MOST_ONCE, false, false, id, null);
        assertThat(list.put(subscriber)).isEqualTo(model.put(clientId, subscriber) != null);
    }

    private void remove(String clientId) {
        assertThat(list.remove(clientId)).isEqualTo(model.remove(clientId) != null);
    }

    private void assertSameAsModel() {
        assertThat(list.array()).containsExactlyElementsOf(model.values());
    }

    @Test
    void putReplaceRemove_belowAndAboveIndexThreshold_sameAsModel() {
        for (int i = 0; i < 40; i++) {
            put("c" + i, 1);
            assertSameAsModel();
        }
        for (int i = 0; i < 40; i += 3) {
            put("c" + i, 2); // replaced in place, order kept
        }
        assertSameAsModel();
        for (int i = 0; i < 40; i += 2) {
            remove("c" + i);
            remove("absent" + i);
            assertSameAsModel();
        }
        for (int i = 0; i < 40; i++) {
            put("c" + i, 3);
            assertSameAsModel();
        }
        for (int i = 39; i >= 0; i--) {
            remove("c" + i);
            assertSameAsModel();
        }
        assertThat(list.isEmpty()).isTrue();
    }

    @Test
    void put_afterShrinkingBelowThreshold_stillFindsEveryClient() {
        for (int i = 0; i < 20; i++) {
            put("c" + i, 0);
        }
        for (int i = 0; i < 15; i++) {
            remove("c" + i);
        }
        for (int i = 15; i < 20; i++) {
            put("c" + i, 9);
        }

        assertSameAsModel();
        assertThat(list.array()).hasSize(5).allMatch(s -> s.subscriptionIdentifier() == 9);
    }
}
