package io.mqttools.broker.connection;

import io.mqttools.broker.session.Delivery;
import io.mqttools.broker.session.MessageDistributor;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.TopicFilter;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE: validation, the router, the SUBACK/UNSUBACK, and retained messages for
 * new subscriptions per Retain Handling. Confined to the event loop.
 */
final class SubscribeHandler {
    private final Connection conn;

    SubscribeHandler(Connection conn) {
        this.conn = conn;
    }

    void onSubscribe(Subscribe subscribe) {
        List<Integer> ids = subscribe.properties().subscriptionIdentifiers();
        int subscriptionId = ids.isEmpty() ? 0 : ids.get(0);
        List<ReasonCode> codes = new ArrayList<>(subscribe.subscriptions().size());
        List<Delivery> retained = new ArrayList<>(0);
        StringBuilder problems = new StringBuilder();
        for (Subscription s : subscribe.subscriptions()) {
            String problem = TopicFilter.validate(s.topicFilter());
            if (problem == null) {
                problem = TopicLimits.check(s.topicFilter(), conn.services.limits());
            }
            if (problem != null) {
                problems.append(problems.length() == 0 ? "" : "; ").append(s.topicFilter()).append(": ").append(problem);
                // a per-filter failure; 3.1.1 knows only 0x80 Failure
                codes.add(conn.isV5() ? ReasonCode.TOPIC_FILTER_INVALID : ReasonCode.UNSPECIFIED_ERROR);
                continue;
            }
            TopicFilter filter = TopicFilter.parse(s.topicFilter());
            if (filter.isShared() && s.noLocal()) {
                conn.disconnect(ReasonCode.PROTOCOL_ERROR, "No Local on a shared subscription"); // [MQTT-3.8.3-4]
                return;
            }
            if (conn.access != null && !conn.access.canSubscribe(filter.filter())) { // null: no rules
                problems.append(problems.length() == 0 ? "" : "; ").append(s.topicFilter()).append(": not authorized");
                codes.add(conn.isV5() ? ReasonCode.NOT_AUTHORIZED : ReasonCode.UNSPECIFIED_ERROR); // 3.1.1: 0x80
                continue;
            }
            // a 3.1.1 bridge (mosquitto's try_private) is not sent its own messages back, and keeps the RETAIN
            // flag of what it forwards: the 5.0 options a 5.0 bridge would ask for
            Subscription options = conn.bridge && !filter.isShared()
                    ? new Subscription(s.topicFilter(), s.maxQos(), true, true, s.retainHandling()) : s;
            boolean existed = conn.services.router().subscribe(conn.clientId, options, subscriptionId);
            codes.add(ReasonCode.granted(s.maxQos())); // QoS 2 is supported, so the requested QoS is granted
            if (!filter.isShared() && (s.retainHandling() == RetainHandling.SEND_ON_SUBSCRIBE
                    || s.retainHandling() == RetainHandling.SEND_IF_NEW_SUBSCRIPTION && !existed)) {
                collectRetained(filter, s.maxQos(), subscriptionId, retained);
            }
        }
        SubAck plain = new SubAck(subscribe.packetId(), codes, Properties.EMPTY); // [MQTT-3.8.4-1]
        if (problems.length() == 0) {
            conn.write(plain);
        } else {
            conn.writeWithReason(new SubAck(subscribe.packetId(), codes, Connection.reason(problems.toString())), plain);
        }
        MessageDistributor distributor = conn.services.distributor();
        for (Delivery d : retained) {
            distributor.offer(conn.session, d, null);
        }
    }

    private void collectRetained(TopicFilter filter, QoS maxQos, int subscriptionId, List<Delivery> out) {
        List<Integer> ids = subscriptionId == 0 ? List.of() : List.of(subscriptionId);
        for (Publish m : conn.services.retained().match(filter.filter())) {
            // RETAIN set on messages sent because of a new subscription (3.1.1: [MQTT-3.3.1-8]); Retain Handling [MQTT-3.3.1-9..11]
            out.add(new Delivery(m, QoS.min(m.qos(), maxQos), true, ids, MessageDistributor.expiresAt(m)));
        }
    }

    void onUnsubscribe(Unsubscribe unsubscribe) {
        List<ReasonCode> codes = new ArrayList<>(unsubscribe.topicFilters().size());
        for (String filter : unsubscribe.topicFilters()) {
            if (!TopicFilter.isValid(filter)) {
                codes.add(ReasonCode.TOPIC_FILTER_INVALID);
                continue;
            }
            boolean existed = conn.services.router().unsubscribe(conn.clientId, filter);
            codes.add(existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        // [MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBACK even when nothing was removed; 3.1.1's carries no codes
        conn.write(new UnsubAck(unsubscribe.packetId(), conn.isV5() ? codes : List.of(), Properties.EMPTY));
    }
}
