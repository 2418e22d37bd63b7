package io.mqttools.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelMapTest {
    private final LevelMap map = new LevelMap();

    @Test
    void get_regionOfTopic_findsLevelWithoutSubstring() {
        TopicNode room = new TopicNode();
        TopicNode empty = new TopicNode();
        map.put("room1", room);
        map.put("", empty);

        assertThat(map.get("sensors/room1/temperature", 8, 13)).isSameAs(room);
        assertThat(map.get("sensors/room12/x", 8, 14)).isNull();
        assertThat(map.get("sensors/room/x", 8, 12)).isNull();
        assertThat(map.get("a//b", 2, 2)).isSameAs(empty);
        assertThat(map.get("room1")).isSameAs(room);
    }

    @Test
    void putAndRemove_manyLevels_growShrinkAndStayConsistent() {
        Map<String, TopicNode> expected = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            TopicNode node = new TopicNode();
            map.put("level" + i, node);
            expected.put("level" + i, node);
        }
        for (int i = 0; i < 5000; i += 2) {
            map.remove("level" + i);
            expected.remove("level" + i);
        }

        for (int i = 0; i < 5000; i++) {
            assertThat(map.get("level" + i)).isSameAs(expected.get("level" + i));
        }
        for (int i = 1; i < 5000; i += 2) {
            map.remove("level" + i);
        }
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.get("level1")).isNull();
    }

    @Test
    void putAndRemove_churnOnOneLevel_neverFillsTheTable() {
        map.put("keep", new TopicNode());
        for (int i = 0; i < 10_000; i++) {
            map.put("tmp" + i, new TopicNode());
            map.remove("tmp" + i);
        }

        assertThat(map.get("keep")).isNotNull();
        assertThat(map.get("tmp9999")).isNull();
    }

    @Test
    void putAndRemove_sameLevelAgainAndAgain_reusesItsSlot() {
        for (int i = 0; i < 1000; i++) {
            map.put("keep" + i, new TopicNode());
        }
        int used = map.usedSlots();

        for (int i = 0; i < 1000; i++) {
            map.put("churn", new TopicNode());
            map.remove("churn");
        }

        assertThat(map.usedSlots()).isLessThanOrEqualTo(used + 1);
        assertThat(map.get("keep999")).isNotNull();
    }

    @Test
    void remove_absentLevel_noEffect() {
        map.remove("x");
        map.put("a", new TopicNode());
        map.remove("b");

        assertThat(map.isEmpty()).isFalse();
    }

    @Test
    void put_presentLevel_throws() {
        map.put("a", new TopicNode());

        assertThatThrownBy(() -> map.put("a", new TopicNode())).isInstanceOf(IllegalStateException.class);
    }
}
