package io.mqttools.protocol.codec.oracle;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.UserProperty;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Field-by-field translation between our packet records and Netty codec-mqtt's messages, so that each
 * codec's output can be read by the other and compared as records.
 */
final class NettyPackets {
    /** MQTT 3.1.1 CONNACK return codes 0..5, in order, as our reason codes. */
    private static final List<ReasonCode> V3_CONNACK = List.of(ReasonCode.SUCCESS, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
            ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, ReasonCode.SERVER_UNAVAILABLE, ReasonCode.BAD_USER_NAME_OR_PASSWORD,
            ReasonCode.NOT_AUTHORIZED);

    private NettyPackets() {
    }

    static MqttVersion nettyVersion(ProtocolVersion v) {
        return switch (v) {
            case MQTT_3_1 -> MqttVersion.MQTT_3_1;
            case MQTT_3_1_1 -> MqttVersion.MQTT_3_1_1;
            case MQTT_5 -> MqttVersion.MQTT_5;
        };
    }

    // ---------------------------------------------------------------- ours → Netty

    static MqttMessage toNetty(ProtocolVersion v, Packet p) {
        MqttMessageType type = MqttMessageType.valueOf(p.type().value());
        MqttQoS headerQos = p.type() == PacketType.PUBREL || p.type() == PacketType.SUBSCRIBE
                || p.type() == PacketType.UNSUBSCRIBE ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        MqttFixedHeader fixed = new MqttFixedHeader(type, false, headerQos, false, 0);
        if (p instanceof Connect c) {
            Will w = c.will();
            MqttConnectVariableHeader vh = new MqttConnectVariableHeader(v.protocolName(), v.level(),
                    c.username() != null, c.password() != null, w != null && w.retain(), w == null ? 0 : w.qos().value(),
                    w != null, c.cleanStart(), c.keepAlive(), toNetty(c.properties()));
            MqttConnectPayload payload = new MqttConnectPayload(c.clientId(),
                    w == null ? MqttProperties.NO_PROPERTIES : toNetty(w.properties()),
                    w == null ? null : w.topic(), w == null ? null : w.payload().toByteArray(),
                    c.username(), c.password() == null ? null : c.password().toByteArray());
            return MqttMessageFactory.newMessage(fixed, vh, payload);
        }
        if (p instanceof ConnAck c) {
            byte code = (byte) (v.isV5() ? c.reasonCode().value() : V3_CONNACK.indexOf(c.reasonCode()));
            return MqttMessageFactory.newMessage(fixed, new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf(code),
                    c.sessionPresent(), toNetty(c.properties())), null);
        }
        if (p instanceof Publish pub) {
            MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.PUBLISH, pub.dup(), MqttQoS.valueOf(pub.qos().value()),
                    pub.retain(), 0);
            return new MqttPublishMessage(h, new MqttPublishVariableHeader(pub.topic(), pub.packetId(), toNetty(pub.properties())),
                    Unpooled.wrappedBuffer(pub.payload().toByteArray()));
        }
        if (p instanceof PubAck a) {
            return ack(fixed, v, a.packetId(), a.reasonCode(), a.properties());
        }
        if (p instanceof PubRec a) {
            return ack(fixed, v, a.packetId(), a.reasonCode(), a.properties());
        }
        if (p instanceof PubRel a) {
            return ack(fixed, v, a.packetId(), a.reasonCode(), a.properties());
        }
        if (p instanceof PubComp a) {
            return ack(fixed, v, a.packetId(), a.reasonCode(), a.properties());
        }
        if (p instanceof Subscribe s) {
            List<MqttTopicSubscription> subs = new ArrayList<>();
            for (Subscription sub : s.subscriptions()) {
                subs.add(new MqttTopicSubscription(sub.topicFilter(), new MqttSubscriptionOption(
                        MqttQoS.valueOf(sub.maxQos().value()), sub.noLocal(), sub.retainAsPublished(),
                        MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(sub.retainHandling().value()))));
            }
            return MqttMessageFactory.newMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(s.packetId(),
                    toNetty(s.properties())), new MqttSubscribePayload(subs));
        }
        if (p instanceof SubAck s) {
            return MqttMessageFactory.newMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(s.packetId(),
                    toNetty(s.properties())), new MqttSubAckPayload(s.reasonCodes().stream().map(ReasonCode::value).toList()));
        }
        if (p instanceof Unsubscribe u) {
            return MqttMessageFactory.newMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(u.packetId(),
                    toNetty(u.properties())), new MqttUnsubscribePayload(u.topicFilters()));
        }
        if (p instanceof UnsubAck u) {
            MqttUnsubAckPayload payload = v.isV5()
                    ? new MqttUnsubAckPayload(u.reasonCodes().stream().map(c -> (short) c.value()).toList())
                    : null;
            return MqttMessageFactory.newMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(u.packetId(),
                    toNetty(u.properties())), payload);
        }
        if (p instanceof PingReq) {
            return MqttMessage.PINGREQ;
        }
        if (p instanceof PingResp) {
            return MqttMessage.PINGRESP;
        }
        if (p instanceof Disconnect d) {
            return v.isV5() ? new MqttMessage(fixed, new MqttReasonCodeAndPropertiesVariableHeader(
                    (byte) d.reasonCode().value(), toNetty(d.properties()))) : MqttMessage.DISCONNECT;
        }
        Auth a = (Auth) p;
        return new MqttMessage(fixed, new MqttReasonCodeAndPropertiesVariableHeader((byte) a.reasonCode().value(),
                toNetty(a.properties())));
    }

    private static MqttMessage ack(MqttFixedHeader fixed, ProtocolVersion v, int packetId, ReasonCode code, Properties p) {
        Object vh = v.isV5()
                ? new MqttPubReplyMessageVariableHeader(packetId, (byte) code.value(), toNetty(p))
                : MqttMessageIdVariableHeader.from(packetId);
        return MqttMessageFactory.newMessage(fixed, vh, null);
    }

    static MqttProperties toNetty(Properties p) {
        if (p.isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties np = new MqttProperties();
        for (PropertyId id : p.singleValued()) {
            switch (id.type()) {
                case UTF8 -> np.add(new MqttProperties.StringProperty(id.id(), p.getString(id)));
                case BINARY -> np.add(new MqttProperties.BinaryProperty(id.id(), p.getBytes(id).toByteArray()));
                default -> np.add(new MqttProperties.IntegerProperty(id.id(), (int) p.getInt(id, 0)));
            }
        }
        for (int sid : p.subscriptionIdentifiers()) {
            np.add(new MqttProperties.IntegerProperty(PropertyId.SUBSCRIPTION_IDENTIFIER.id(), sid));
        }
        for (UserProperty u : p.userProperties()) {
            np.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
        return np;
    }

    // ---------------------------------------------------------------- Netty → ours

    static Packet fromNetty(ProtocolVersion v, MqttMessage m) {
        MqttFixedHeader h = m.fixedHeader();
        Object vh = m.variableHeader();
        return switch (h.messageType()) {
            case CONNECT -> {
                MqttConnectVariableHeader c = (MqttConnectVariableHeader) vh;
                MqttConnectPayload pl = (MqttConnectPayload) m.payload();
                ProtocolVersion version = ProtocolVersion.of(c.name(), c.version());
                Will will = c.isWillFlag() ? new Will(pl.willTopic(), Bytes.copyOf(pl.willMessageInBytes()),
                        QoS.of(c.willQos()), c.isWillRetain(), fromNetty(pl.willProperties())) : null;
                yield new Connect(version, pl.clientIdentifier(), c.isCleanSession(), c.keepAliveTimeSeconds(),
                        c.hasUserName() ? pl.userName() : null,
                        c.hasPassword() ? Bytes.copyOf(pl.passwordInBytes()) : null, will, fromNetty(c.properties()));
            }
            case CONNACK -> {
                MqttConnAckVariableHeader c = (MqttConnAckVariableHeader) vh;
                int code = c.connectReturnCode().byteValue() & 0xFF;
                // 3.1 has no Session Present flag: Netty reads bit 0 of a byte that 3.1 leaves unused
                yield new ConnAck(c.isSessionPresent() && v != ProtocolVersion.MQTT_3_1,
                        v.isV5() ? ReasonCode.of(PacketType.CONNACK, code) : V3_CONNACK.get(code), fromNetty(c.properties()));
            }
            case PUBLISH -> {
                MqttPublishMessage pm = (MqttPublishMessage) m;
                yield new Publish(pm.variableHeader().topicName(), QoS.of(h.qosLevel().value()), h.isRetain(), h.isDup(),
                        h.qosLevel() == MqttQoS.AT_MOST_ONCE ? 0 : pm.variableHeader().packetId(), Bytes.wrap(ByteBufUtil.getBytes(pm.payload())),
                        fromNetty(pm.variableHeader().properties()));
            }
            case PUBACK -> new PubAck(messageId(vh), ackCode(PacketType.PUBACK, vh), ackProperties(vh));
            case PUBREC -> new PubRec(messageId(vh), ackCode(PacketType.PUBREC, vh), ackProperties(vh));
            case PUBREL -> new PubRel(messageId(vh), ackCode(PacketType.PUBREL, vh), ackProperties(vh));
            case PUBCOMP -> new PubComp(messageId(vh), ackCode(PacketType.PUBCOMP, vh), ackProperties(vh));
            case SUBSCRIBE -> {
                List<Subscription> subs = new ArrayList<>();
                for (MqttTopicSubscription s : ((MqttSubscribePayload) m.payload()).topicSubscriptions()) {
                    MqttSubscriptionOption o = s.option();
                    subs.add(new Subscription(s.topicFilter(), QoS.of(o.qos().value()), o.isNoLocal(), o.isRetainAsPublished(),
                            RetainHandling.of(o.retainHandling().value())));
                }
                yield new Subscribe(messageId(vh), subs, idProperties(vh));
            }
            case SUBACK -> new SubAck(messageId(vh), ((MqttSubAckPayload) m.payload()).reasonCodes().stream()
                    .map(c -> ReasonCode.of(PacketType.SUBACK, c)).toList(), idProperties(vh));
            case UNSUBSCRIBE -> new Unsubscribe(messageId(vh), ((MqttUnsubscribePayload) m.payload()).topics(), idProperties(vh));
            case UNSUBACK -> new UnsubAck(messageId(vh), !v.isV5() || m.payload() == null ? List.of()
                    : ((MqttUnsubAckPayload) m.payload()).unsubscribeReasonCodes().stream()
                            .map(c -> ReasonCode.of(PacketType.UNSUBACK, c & 0xFF)).toList(), idProperties(vh));
            case PINGREQ -> PingReq.INSTANCE;
            case PINGRESP -> PingResp.INSTANCE;
            case DISCONNECT -> vh instanceof MqttReasonCodeAndPropertiesVariableHeader r
                    ? new Disconnect(ReasonCode.of(PacketType.DISCONNECT, r.reasonCode() & 0xFF), fromNetty(r.properties()))
                    : Disconnect.NORMAL;
            case AUTH -> vh instanceof MqttReasonCodeAndPropertiesVariableHeader r
                    ? new Auth(ReasonCode.of(PacketType.AUTH, r.reasonCode() & 0xFF), fromNetty(r.properties()))
                    : new Auth(ReasonCode.SUCCESS, Properties.EMPTY);
        };
    }

    private static int messageId(Object vh) {
        return ((MqttMessageIdVariableHeader) vh).messageId();
    }

    private static ReasonCode ackCode(PacketType type, Object vh) {
        return vh instanceof MqttPubReplyMessageVariableHeader r ? ReasonCode.of(type, r.reasonCode() & 0xFF) : ReasonCode.SUCCESS;
    }

    private static Properties ackProperties(Object vh) {
        return vh instanceof MqttPubReplyMessageVariableHeader r ? fromNetty(r.properties()) : Properties.EMPTY;
    }

    private static Properties idProperties(Object vh) {
        return vh instanceof MqttMessageIdAndPropertiesVariableHeader r ? fromNetty(r.properties()) : Properties.EMPTY;
    }

    static Properties fromNetty(MqttProperties np) {
        if (np == null || np.isEmpty()) {
            return Properties.EMPTY;
        }
        Properties.Builder b = Properties.builder();
        for (MqttProperties.MqttProperty<?> prop : np.listAll()) {
            if (prop instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    b.userProperty(pair.key, pair.value);
                }
                continue;
            }
            if (prop instanceof MqttProperties.UserProperty up) {
                b.userProperty(up.value().key, up.value().value);
                continue;
            }
            PropertyId id = PropertyId.of(prop.propertyId());
            Object value = prop.value();
            switch (id.type()) {
                case UTF8 -> b.set(id, value);
                case BINARY -> b.set(id, Bytes.copyOf((byte[]) value));
                case FOUR_BYTE -> b.set(id, Integer.toUnsignedLong((Integer) value));
                default -> b.set(id, ((Integer) value).longValue());
            }
        }
        return b.build();
    }
}
