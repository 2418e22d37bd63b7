package io.mqttools.it.client;

/** The client library against mosquitto. */
class ClientMosquittoIT extends ClientLibraryContract {
    @Override
    BrokerUnderTest startBroker() {
        return new MosquittoBroker();
    }
}
