package io.mqttools.it.monitor;

import java.io.IOException;
import java.nio.file.Path;

/** The monitor scenarios against our own broker, embedded in the test. */
class MonitorMqttoolsBrokerIT extends MonitorScenarios {
    @Override
    TestBroker prepareBroker(Path dir) throws IOException {
        return new EmbeddedBroker();
    }
}
