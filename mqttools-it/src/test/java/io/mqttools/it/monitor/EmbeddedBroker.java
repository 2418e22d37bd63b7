package io.mqttools.it.monitor;

import io.mqttools.broker.Broker;
import io.mqttools.broker.RunningBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Our broker, in-process, on a free port it keeps across restarts. */
final class EmbeddedBroker implements TestBroker {
    private final int port;
    private RunningBroker running;

    EmbeddedBroker() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start() {
        running = Broker.builder().host("127.0.0.1").port(port).build().start();
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public String log() {
        return "(the mqttools broker logs to the test output)";
    }
}
