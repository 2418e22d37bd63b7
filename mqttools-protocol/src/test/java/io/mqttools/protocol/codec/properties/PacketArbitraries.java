package io.mqttools.protocol.codec.properties;

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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of random packets that are valid for a protocol version: the ones a conforming peer may
 * send, which our encoder must write and our decoder must read back unchanged.
 *
 * <p>MQTT 5 packets carry random subsets of the properties their packet type allows, with values in
 * the ranges the spec allows (no zero Receive Maximum, Topic Alias or Subscription Identifier, no
 * Maximum QoS 2, Authentication Data only with an Authentication Method...). 3.1.1 and 3.1 packets carry
 * no properties and only the reason codes their return codes map to. Strings avoid U+0000 and the
 * control characters the spec lets a receiver refuse, but include multi-byte characters, a surrogate
 * pair and U+FEFF (which must not be stripped).
 */
public final class PacketArbitraries {
    /** The largest Subscription Identifier, 2^28-1 (a four-byte Variable Byte Integer). */
    public static final int MAX_SUBSCRIPTION_ID = 268_435_455;

    private PacketArbitraries() {
    }

    /** Any packet valid in the version, of every type the version has. */
    public static Arbitrary<Packet> packets(ProtocolVersion v) {
        List<Arbitrary<? extends Packet>> all = new ArrayList<>(List.of(
                connects(v), connAcks(v), publishes(v), pubAcks(v), pubRecs(v), pubRels(v), pubComps(v),
                subscribes(v), subAcks(v), unsubscribes(v), unsubAcks(v),
                Arbitraries.just(PingReq.INSTANCE), Arbitraries.just(PingResp.INSTANCE), disconnects(v)));
        if (v.isV5()) {
            all.add(auths());
        }
        return Arbitraries.oneOf(all);
    }

    /** Packets valid after the CONNECT, in either direction (no CONNECT). */
    public static Arbitrary<Packet> afterConnect(ProtocolVersion v) {
        return packets(v).filter(p -> !(p instanceof Connect));
    }

    /**
     * Packets a client sends after its CONNECT: what a server-side decoder must accept. A client's
     * PUBLISH carries no Subscription Identifier ([MQTT-3.3.4-6]).
     */
    public static Arbitrary<Packet> clientToServer(ProtocolVersion v) {
        List<Arbitrary<? extends Packet>> all = new ArrayList<>(List.of(
                publishes(v).map(p -> p.withProperties(p.properties().without(PropertyId.SUBSCRIPTION_IDENTIFIER))),
                pubAcks(v), pubRecs(v), pubRels(v), pubComps(v), subscribes(v), unsubscribes(v),
                Arbitraries.just(PingReq.INSTANCE), disconnects(v)));
        if (v.isV5()) {
            all.add(auths());
        }
        return Arbitraries.oneOf(all);
    }

    /**
     * Packets a server sends after its CONNACK: what a client-side decoder must accept. Before 5.0 a
     * server sends no DISCONNECT.
     */
    public static Arbitrary<Packet> serverToClient(ProtocolVersion v) {
        List<Arbitrary<? extends Packet>> all = new ArrayList<>(List.of(
                publishes(v), pubAcks(v), pubRecs(v), pubRels(v), pubComps(v), subAcks(v), unsubAcks(v),
                Arbitraries.just(PingResp.INSTANCE)));
        if (v.isV5()) {
            all.add(disconnects(v));
            all.add(auths());
        }
        return Arbitraries.oneOf(all);
    }

    public static Arbitrary<ProtocolVersion> versions() {
        return Arbitraries.of(ProtocolVersion.class);
    }

    // ---------------------------------------------------------------- strings, topics, bytes

    /** UTF-8 text of up to {@code maxChars} code points, mostly ASCII letters and digits. */
    public static Arbitrary<String> text(int minChars, int maxChars) {
        Arbitrary<String> ascii = Arbitraries.chars().alpha().numeric().map(String::valueOf);
        Arbitrary<String> special = Arbitraries.of("é", "€", "中", "\uD83D\uDE00", "\uFEFF", " ", "-", "_", ".");
        return Arbitraries.frequencyOf(Tuple.of(8, ascii), Tuple.of(1, special))
                .list().ofMinSize(minChars).ofMaxSize(maxChars)
                .map(parts -> String.join("", parts));
    }

    /** A valid topic name: 1..4 levels, no wildcards, sometimes a leading '$'. */
    public static Arbitrary<String> topicNames() {
        Arbitrary<String> levels = text(0, 6).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
        return Combinators.combine(Arbitraries.of("", "", "", "$"), levels).as((prefix, rest) -> prefix + rest)
                .filter(t -> !t.isEmpty());
    }

    /** A valid topic filter, with '+' and '#' where they may stand, sometimes a shared subscription. */
    public static Arbitrary<String> topicFilters() {
        Arbitrary<String> level = Arbitraries.frequencyOf(Tuple.of(5, text(0, 5)), Tuple.of(1, Arbitraries.just("+")));
        Arbitrary<String> plain = Combinators.combine(level.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(false, false, true))
                .as((levels, hash) -> {
                    List<String> all = new ArrayList<>(levels);
                    if (hash) {
                        all.add("#");
                    }
                    return String.join("/", all);
                })
                .filter(f -> !f.isEmpty());
        Arbitrary<String> shared = Combinators.combine(text(1, 5), plain).as((group, f) -> "$share/" + group + "/" + f);
        return Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(1, Arbitraries.of("#", "+", "/")), Tuple.of(1, shared));
    }

    /** Payloads: mostly short, sometimes long enough for two- and three-byte remaining lengths. */
    public static Arbitrary<Bytes> payloads() {
        return Arbitraries.frequencyOf(
                        Tuple.of(12, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMinSize(100).ofMaxSize(400)),
                        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(16_300).ofMaxSize(17_000)))
                .map(Bytes::wrap);
    }

    public static Arbitrary<Bytes> binary(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(Bytes::wrap);
    }

    public static Arbitrary<Integer> packetIds() {
        return Arbitraries.integers().between(1, 0xFFFF);
    }

    public static Arbitrary<QoS> qos() {
        return Arbitraries.of(QoS.class);
    }

    // ---------------------------------------------------------------- properties

    /** Random valid MQTT 5 properties for a packet type's own property list. */
    public static Arbitrary<Properties> properties(PacketType type) {
        return properties(id -> id.isAllowedIn(type), type == PacketType.PUBLISH);
    }

    /** Random valid Will Properties. */
    public static Arbitrary<Properties> willProperties() {
        return properties(PropertyId::isAllowedInWill, false);
    }

    private static Arbitrary<Properties> properties(Predicate<PropertyId> allowed, boolean manySubscriptionIds) {
        List<PropertyId> ids = Arrays.stream(PropertyId.values()).filter(allowed).toList();
        List<Arbitrary<List<Object>>> perId = new ArrayList<>();
        for (PropertyId id : ids) {
            Arbitrary<Object> value = value(id);
            int max = id == PropertyId.USER_PROPERTY ? 3
                    : id == PropertyId.SUBSCRIPTION_IDENTIFIER && manySubscriptionIds ? 3 : 1;
            perId.add(Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(List.of())),
                    Tuple.of(2, value.list().ofMinSize(1).ofMaxSize(max).map(l -> List.<Object>copyOf(l)))));
        }
        return Combinators.combine(perId).as(values -> {
            Properties.Builder b = Properties.builder();
            for (int i = 0; i < ids.size(); i++) {
                for (Object o : values.get(i)) {
                    b.set(ids.get(i), o);
                }
            }
            // Authentication Data without an Authentication Method is a Protocol Error.
            if (b.has(PropertyId.AUTHENTICATION_DATA) && !b.has(PropertyId.AUTHENTICATION_METHOD)) {
                b.remove(PropertyId.AUTHENTICATION_DATA);
            }
            return b.build();
        });
    }

    private static Arbitrary<Object> value(PropertyId id) {
        Arbitrary<?> a = switch (id) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                    RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> Arbitraries.of(0L, 1L);
            case MESSAGE_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL ->
                    Arbitraries.longs().between(0, 0xFFFF_FFFFL);
            case MAXIMUM_PACKET_SIZE -> Arbitraries.longs().between(1, 0xFFFF_FFFFL);
            case RECEIVE_MAXIMUM, TOPIC_ALIAS -> Arbitraries.longs().between(1, 0xFFFF);
            case SERVER_KEEP_ALIVE, TOPIC_ALIAS_MAXIMUM -> Arbitraries.longs().between(0, 0xFFFF);
            case SUBSCRIPTION_IDENTIFIER -> Arbitraries.integers().between(1, MAX_SUBSCRIPTION_ID);
            case RESPONSE_TOPIC -> topicNames();
            case CORRELATION_DATA, AUTHENTICATION_DATA -> binary(24);
            case USER_PROPERTY -> Combinators.combine(text(0, 8), text(0, 12)).as(UserProperty::new);
            default -> text(0, 16);
        };
        return a.map(o -> (Object) o);
    }

    private static Arbitrary<Properties> propertiesIf(ProtocolVersion v, PacketType type) {
        return v.isV5() ? properties(type) : Arbitraries.just(Properties.EMPTY);
    }

    /** A payload that is valid UTF-8 when the properties say it is ([MQTT-3.3.2-4]). */
    private static Bytes matchFormat(Bytes payload, Properties p) {
        if (p.getInt(PropertyId.PAYLOAD_FORMAT_INDICATOR, 0) == 1 && !isUtf8(payload)) {
            return Bytes.utf8(payload.toHex());
        }
        return payload;
    }

    static boolean isUtf8(Bytes b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b.unsafeArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static List<ReasonCode> codesFor(PacketType type) {
        return Arrays.stream(ReasonCode.values()).filter(c -> c.isValidFor(type)).toList();
    }

    // ---------------------------------------------------------------- packets

    public static Arbitrary<Connect> connects(ProtocolVersion v) {
        Arbitrary<String> clientIds = v == ProtocolVersion.MQTT_3_1
                ? Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(23)
                : text(0, 23);
        Arbitrary<Optional<String>> usernames = text(0, 12).optional(0.5);
        Arbitrary<Optional<Bytes>> passwords = binary(16).optional(0.5);
        Arbitrary<Optional<Will>> wills = wills(v).optional(0.4);
        return Combinators.combine(clientIds, Arbitraries.of(true, false), Arbitraries.integers().between(0, 0xFFFF),
                        usernames, passwords, wills, propertiesIf(v, PacketType.CONNECT))
                .as((clientId, cleanStart, keepAlive, username, password, will, props) -> {
                    // [MQTT-3.1.3-7] a 3.1.1 client with an empty id must ask for a clean session
                    boolean clean = cleanStart || (clientId.isEmpty() && !v.isV5());
                    // [MQTT-3.1.2-22] before 5.0, a password needs a user name
                    Bytes pass = v.isV5() || username.isPresent() ? password.orElse(null) : null;
                    return new Connect(v, clientId, clean, keepAlive, username.orElse(null), pass,
                            will.orElse(null), props);
                });
    }

    public static Arbitrary<Will> wills(ProtocolVersion v) {
        Arbitrary<Properties> props = v.isV5() ? willProperties() : Arbitraries.just(Properties.EMPTY);
        return Combinators.combine(topicNames(), payloads(), qos(), Arbitraries.of(true, false), props)
                .as((topic, payload, qos, retain, p) -> new Will(topic, matchFormat(payload, p), qos, retain, p));
    }

    public static Arbitrary<ConnAck> connAcks(ProtocolVersion v) {
        List<ReasonCode> codes = v.isV5() ? codesFor(PacketType.CONNACK)
                : List.of(ReasonCode.SUCCESS, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                        ReasonCode.SERVER_UNAVAILABLE, ReasonCode.BAD_USER_NAME_OR_PASSWORD, ReasonCode.NOT_AUTHORIZED);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(codes), propertiesIf(v, PacketType.CONNACK))
                // [MQTT-3.2.2-4] [MQTT-3.2.2-6] a refusal has Session Present 0; 3.1 has no such flag
                .as((present, code, p) -> new ConnAck(present && code == ReasonCode.SUCCESS && v != ProtocolVersion.MQTT_3_1,
                        code, p));
    }

    public static Arbitrary<Publish> publishes(ProtocolVersion v) {
        return Combinators.combine(topicNames(), qos(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        packetIds(), payloads(), propertiesIf(v, PacketType.PUBLISH), Arbitraries.of(true, false))
                .as((topic, qos, retain, dup, packetId, payload, p, aliasOnly) -> {
                    boolean q0 = qos == QoS.AT_MOST_ONCE;
                    // MQTT 5: with a Topic Alias, the topic name may be left empty
                    String t = aliasOnly && p.has(PropertyId.TOPIC_ALIAS) ? "" : topic;
                    return new Publish(t, qos, retain, dup && !q0, q0 ? 0 : packetId, matchFormat(payload, p), p);
                });
    }

    public static Arbitrary<PubAck> pubAcks(ProtocolVersion v) {
        return Combinators.combine(packetIds(), ackCodes(v, PacketType.PUBACK), propertiesIf(v, PacketType.PUBACK))
                .as(PubAck::new);
    }

    public static Arbitrary<PubRec> pubRecs(ProtocolVersion v) {
        return Combinators.combine(packetIds(), ackCodes(v, PacketType.PUBREC), propertiesIf(v, PacketType.PUBREC))
                .as(PubRec::new);
    }

    public static Arbitrary<PubRel> pubRels(ProtocolVersion v) {
        return Combinators.combine(packetIds(), ackCodes(v, PacketType.PUBREL), propertiesIf(v, PacketType.PUBREL))
                .as(PubRel::new);
    }

    public static Arbitrary<PubComp> pubComps(ProtocolVersion v) {
        return Combinators.combine(packetIds(), ackCodes(v, PacketType.PUBCOMP), propertiesIf(v, PacketType.PUBCOMP))
                .as(PubComp::new);
    }

    private static Arbitrary<ReasonCode> ackCodes(ProtocolVersion v, PacketType type) {
        return v.isV5() ? Arbitraries.of(codesFor(type)) : Arbitraries.just(ReasonCode.SUCCESS);
    }

    public static Arbitrary<Subscribe> subscribes(ProtocolVersion v) {
        Arbitrary<Subscription> subscription = v.isV5()
                ? Combinators.combine(topicFilters(), qos(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                                Arbitraries.of(RetainHandling.class))
                        // [MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error
                        .as((f, q, noLocal, rap, rh) -> new Subscription(f, q, noLocal && !f.startsWith("$share/"), rap, rh))
                : Combinators.combine(topicFilters(), qos()).as(Subscription::new);
        return Combinators.combine(packetIds(), subscription.list().ofMinSize(1).ofMaxSize(4),
                propertiesIf(v, PacketType.SUBSCRIBE)).as(Subscribe::new);
    }

    public static Arbitrary<SubAck> subAcks(ProtocolVersion v) {
        List<ReasonCode> codes = switch (v) {
            case MQTT_5 -> codesFor(PacketType.SUBACK);
            case MQTT_3_1_1 -> List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2,
                    ReasonCode.UNSPECIFIED_ERROR);
            case MQTT_3_1 -> List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2);
        };
        return Combinators.combine(packetIds(), Arbitraries.of(codes).list().ofMinSize(1).ofMaxSize(4),
                propertiesIf(v, PacketType.SUBACK)).as(SubAck::new);
    }

    public static Arbitrary<Unsubscribe> unsubscribes(ProtocolVersion v) {
        return Combinators.combine(packetIds(), topicFilters().list().ofMinSize(1).ofMaxSize(4),
                propertiesIf(v, PacketType.UNSUBSCRIBE)).as(Unsubscribe::new);
    }

    public static Arbitrary<UnsubAck> unsubAcks(ProtocolVersion v) {
        Arbitrary<List<ReasonCode>> codes = v.isV5()
                ? Arbitraries.of(codesFor(PacketType.UNSUBACK)).list().ofMinSize(1).ofMaxSize(4)
                : Arbitraries.just(List.of());
        return Combinators.combine(packetIds(), codes, propertiesIf(v, PacketType.UNSUBACK)).as(UnsubAck::new);
    }

    public static Arbitrary<Disconnect> disconnects(ProtocolVersion v) {
        if (!v.isV5()) {
            return Arbitraries.just(Disconnect.NORMAL);
        }
        return Combinators.combine(Arbitraries.of(codesFor(PacketType.DISCONNECT)), properties(PacketType.DISCONNECT))
                .as(Disconnect::new);
    }

    /** AUTH packets (MQTT 5 only), always with the Authentication Method the spec requires in them. */
    public static Arbitrary<Auth> auths() {
        return Combinators.combine(Arbitraries.of(codesFor(PacketType.AUTH)), properties(PacketType.AUTH))
                .as((code, p) -> new Auth(code, p.has(PropertyId.AUTHENTICATION_METHOD) ? p
                        : p.with(PropertyId.AUTHENTICATION_METHOD, "SCRAM-SHA-256")));
    }
}
