package io.mqttools.it.client;

/** The client library against our own broker, in-process. */
class ClientMqttoolsBrokerIT extends ClientLibraryContract {
    @Override
    BrokerUnderTest startBroker() {
        return new EmbeddedMqttoolsBroker();
    }
}
