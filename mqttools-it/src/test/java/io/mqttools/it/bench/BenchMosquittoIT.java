package io.mqttools.it.bench;

import io.mqttools.it.support.TestBroker;

/** {@code mqttools bench} against mosquitto (Debian package mosquitto), on a free port. */
class BenchMosquittoIT extends BenchContract {
    @Override
    TestBroker startBroker() {
        return TestBroker.mosquitto();
    }
}
