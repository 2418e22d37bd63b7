package io.mqttools.it.client;

/** The publish and subscribe commands against our broker (embedded in the test JVM). */
class CliMqttoolsBrokerIT extends CliContract {
    @Override
    BrokerUnderTest startBroker() {
        return new EmbeddedMqttoolsBroker();
    }
}
