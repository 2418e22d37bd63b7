package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.QoS;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriberListTest {
    private final SubscriberList list = new SubscriberList();
    private final Map<String, Route> model = new LinkedHashMap<>();
    private final Map<String, Route> noLocalModel = new LinkedHashMap<>();

    private void put(String clientId, int id) {
        Route route = new Route(clientId, QoS.AT_MOST_ONCE, false, id == 0 ? List.of() : List.of(id), null);
        boolean noLocal = id % 2 == 1;
        assertThat(list.put(route, noLocal)).isEqualTo(model.put(clientId, route) != null);
        if (noLocal) {
            noLocalModel.put(clientId, route);
        } else {
            noLocalModel.remove(clientId);
        }
    }

    private void remove(String clientId) {
        assertThat(list.remove(clientId)).isEqualTo(model.remove(clientId) != null);
        noLocalModel.remove(clientId);
    }

    private void assertSameAsModel() {
        assertThat(list.snapshot().routes()).containsExactlyElementsOf(model.values());
        assertThat(list.snapshot().noLocal()).containsExactlyInAnyOrderElementsOf(noLocalModel.values());
        for (String clientId : model.keySet()) {
            assertThat(list.snapshot().excludedFor(clientId)).isSameAs(noLocalModel.get(clientId));
        }
        assertThat(list.snapshot().excludedFor(null)).isNull();
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
        assertThat(list.snapshot().routes()).hasSize(5).allMatch(r -> r.subscriptionIdentifiers().equals(List.of(9)));
    }
}
