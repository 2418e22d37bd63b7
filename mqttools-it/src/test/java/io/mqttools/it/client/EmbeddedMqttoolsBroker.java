package io.mqttools.it.client;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;

/** Our broker, in-process; restarted on the port it first got. */
final class EmbeddedMqttoolsBroker implements BrokerUnderTest {
    private RunningBroker running;
    private final int port;

    EmbeddedMqttoolsBroker() {
        running = Broker.builder().host("127.0.0.1").port(0).build().start();
        port = running.port();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public void start() {
        running = Broker.builder().host("127.0.0.1").port(port).build().start();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "mqttools broker";
    }
}
