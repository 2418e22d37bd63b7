package io.mqttools.bridge;

import io.mqttools.broker.config.BridgeConfig;
import io.mqttools.broker.config.BridgeTopic;
import io.mqttools.client.Client;
import io.mqttools.client.ClientBuilder;
import io.mqttools.client.Message;
import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** The client of the remote broker for one connection attempt, as a {@link BridgeConfig} describes it. */
final class RemoteClients {
    /** What the outbox may have outstanding, and the notifications: publish() never blocks an event loop. */
    private static final int MAX_OUTSTANDING = Outbox.MAX_IN_FLIGHT + Outbox.MAX_QOS0_OUTSTANDING + 16;

    private RemoteClients() {
    }

    /** @param tryPrivate mark the 3.1.1 CONNECT as a bridge's (false once the remote broker refused that) */
    static Client build(BridgeConfig config, BridgeConfig.Address address, boolean tryPrivate,
                        Consumer<Message> onMessage) {
        boolean v5 = config.protocolVersion() == ProtocolVersion.MQTT_5;
        ClientBuilder b = Client.builder(address.host(), address.port())
                .clientId(config.remoteClientId())
                .protocolVersion(config.protocolVersion())
                .keepAlive(config.keepAlive())
                .connectDelays(List.of()) // one attempt: the bridge's own loop paces the retries
                .reconnectDelays(List.of())
                .maxOutstanding(MAX_OUTSTANDING)
                .bridge(tryPrivate)
                .onMessage(onMessage);
        if (v5 && !config.cleanSession()) {
            b.sessionExpiryInterval(0xFFFF_FFFFL); // the remote session outlives the connection, as in 3.1.1
        }
        if (config.remoteUsername() != null) {
            b.username(config.remoteUsername());
        }
        if (config.remotePassword() != null) {
            b.password(config.remotePassword().getBytes(StandardCharsets.UTF_8));
        }
        BridgeConfig.Notifications n = config.notifications();
        if (n.enabled() && !n.localOnly()) {
            b.will(n.topic(), Bytes.utf8("0"), QoS.AT_LEAST_ONCE, true);
        }
        BridgeConfig.Tls tls = config.tls();
        if (tls != null) {
            b.tls(tls.caFile(), tls.caPath(), !tls.insecure(), tls.certFile(), tls.keyFile(), protocols(tls.tlsVersion()));
        }
        for (BridgeTopic t : config.topics()) {
            if (t.direction().in()) {
                // 5.0: No Local and Retain As Published, so that the bridge's own messages do not come back
                b.subscription(new Subscription(t.remoteFilter(), t.qos(), v5, v5, RetainHandling.SEND_ON_SUBSCRIBE));
            }
        }
        return b.build();
    }

    /** bridge_tls_version is the oldest version allowed, as mosquitto applies it; none: TLS 1.2 and 1.3. */
    private static List<String> protocols(String tlsVersion) {
        if ("tlsv1.3".equals(tlsVersion)) {
            return List.of("TLSv1.3");
        }
        return "tlsv1.1".equals(tlsVersion) ? List.of("TLSv1.3", "TLSv1.2", "TLSv1.1") : List.of("TLSv1.3", "TLSv1.2");
    }
}
