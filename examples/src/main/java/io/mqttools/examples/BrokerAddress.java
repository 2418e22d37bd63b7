package io.mqttools.examples;

/** Where the examples connect: {@code [host [port]]} from the command line, else localhost:1883. */
final class BrokerAddress {
    final String host;
    final int port;

    private BrokerAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    static BrokerAddress from(String[] args) {
        return new BrokerAddress(args.length > 0 ? args[0] : "localhost", args.length > 1 ? Integer.parseInt(args[1]) : 1883);
    }
}
