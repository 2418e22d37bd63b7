package io.mqttools.it.monitor;

import java.io.IOException;
import java.nio.file.Path;

/** The monitor scenarios against a real mosquitto. */
class MonitorMosquittoIT extends MonitorScenarios {
    @Override
    TestBroker prepareBroker(Path dir) throws IOException {
        return Mosquitto.prepare(io.mqttools.it.support.ExternalTools.mosquitto(), dir);
    }
}
