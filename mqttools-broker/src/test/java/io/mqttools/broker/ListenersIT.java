package io.mqttools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.config.Listener;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listeners without a bind address listen on every interface, IPv4 and IPv6, as mosquitto's do. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenersIT {
    private static void assumeIpv6Loopback() throws Exception {
        boolean ipv6 = Collections.list(NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress())
                .getInetAddresses()).stream().anyMatch(a -> a instanceof Inet6Address);
        Assumptions.assumeTrue(ipv6, "no IPv6 loopback address on this machine");
    }

    @Test
    void listenerWithoutHost_acceptsIpv4AndIpv6Loopback() throws Exception {
        assumeIpv6Loopback();
        try (RunningBroker broker = Broker.builder().listener(Listener.mqtt(null, 0)).build().start()) {
            for (String address : new String[] {"127.0.0.1", "::1"}) {
                try (RawClient c = new RawClient(new Socket(address, broker.port()), ProtocolVersion.MQTT_5)) {
                    assertThat(c.connect(RawClient.connectPacket(ProtocolVersion.MQTT_5, "any-" + address.length(), true,
                            60, null, Properties.EMPTY)).reasonCode()).as(address).isEqualTo(ReasonCode.SUCCESS);
                }
            }
        }
    }

    @Test
    void listenerOnLoopback_notReachableOnIpv6() throws Exception {
        assumeIpv6Loopback();
        try (RunningBroker broker = Broker.builder().listener(Listener.mqtt("127.0.0.1", 0)).build().start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("::1", broker.port()).close())
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
