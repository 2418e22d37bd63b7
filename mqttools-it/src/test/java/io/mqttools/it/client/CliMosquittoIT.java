package io.mqttools.it.client;

/** The publish and subscribe commands against mosquitto. */
class CliMosquittoIT extends CliContract {
    @Override
    BrokerUnderTest startBroker() {
        return new MosquittoBroker();
    }
}
