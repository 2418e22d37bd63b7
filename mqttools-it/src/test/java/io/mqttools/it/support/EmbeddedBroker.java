package io.mqttools.it.support;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;

/** The mqttools broker embedded in the test JVM on an ephemeral port. */
final class EmbeddedBroker implements TestBroker {
    private final RunningBroker running;

    private EmbeddedBroker(RunningBroker running) {
        this.running = running;
    }

    static EmbeddedBroker start() {
        return new EmbeddedBroker(Broker.builder().host("127.0.0.1").port(0).build().start());
    }

    @Override
    public int port() {
        return running.port();
    }

    @Override
    public boolean isMqttools() {
        return true;
    }

    @Override
    public void close() {
        running.close();
    }
}
