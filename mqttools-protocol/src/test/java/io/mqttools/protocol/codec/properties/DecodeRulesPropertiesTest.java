package io.mqttools.protocol.codec.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Decoding rules checked in random context: a valid packet is generated and encoded by our encoder, then
 * one field is changed at the byte level (property order, a duplicated or foreign property, a reserved
 * bit) and the decoder's verdict is checked.
 */
class DecodeRulesPropertiesTest {

    /** A v5 PUBLISH split at its property block: bytes before the length, the entries, bytes after. */
    record PublishParts(byte[] first, byte[] head, List<byte[]> entries, byte[] tail) {
        static PublishParts of(Publish p) {
            byte[] whole = Wire.encode(ProtocolVersion.MQTT_5, p);
            Wire.Header h = Wire.header(whole);
            int at = h.length() + 2 + p.topic().getBytes(StandardCharsets.UTF_8).length
                    + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2);
            int length = 0;
            int shift = 0;
            int i = at;
            int b;
            do {
                b = whole[i++] & 0xFF;
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            List<byte[]> entries = splitProperties(Arrays.copyOfRange(whole, i, i + length));
            return new PublishParts(new byte[] {whole[0]}, Arrays.copyOfRange(whole, h.length(), at), entries,
                    Arrays.copyOfRange(whole, i + length, whole.length));
        }

        /** The body with the given entries as its properties, and a correct property length. */
        byte[] body(List<byte[]> props) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            props.forEach(all::writeBytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head);
            HostileInputPropertiesTest.writeVbi(out, all.size());
            out.writeBytes(all.toByteArray());
            out.writeBytes(tail);
            return out.toByteArray();
        }

        Packet decode(List<byte[]> props) throws DecodeException {
            byte[] body = body(props);
            return Wire.decodeBody(ProtocolVersion.MQTT_5, first[0] & 0xFF, body, 0, body.length);
        }
    }

    /** Splits a property block into one byte array per property, by the wire type of each identifier. */
    static List<byte[]> splitProperties(byte[] block) {
        List<byte[]> entries = new ArrayList<>();
        int i = 0;
        while (i < block.length) {
            int start = i;
            PropertyId id = PropertyId.of(block[i++]); // every identifier fits one byte
            switch (id.type()) {
                case BYTE -> i += 1;
                case TWO_BYTE -> i += 2;
                case FOUR_BYTE -> i += 4;
                case VARIABLE_BYTE -> {
                    while ((block[i++] & 0x80) != 0) {
                        // continuation bytes
                    }
                }
                case UTF8, BINARY -> i += 2 + ((block[i] & 0xFF) << 8 | block[i + 1] & 0xFF);
                case UTF8_PAIR -> {
                    i += 2 + ((block[i] & 0xFF) << 8 | block[i + 1] & 0xFF);
                    i += 2 + ((block[i] & 0xFF) << 8 | block[i + 1] & 0xFF);
                }
            }
            entries.add(Arrays.copyOfRange(block, start, i));
        }
        return entries;
    }

    @Provide
    Arbitrary<Publish> publishesWithProperties() {
        return PacketArbitraries.publishes(ProtocolVersion.MQTT_5).filter(p -> !p.properties().isEmpty());
    }

    /** 5.0 section 2.2.2.2: properties may come in any order; the packet is the same. */
    @Property(tries = 200)
    void decode_v5PublishPropertiesInAnyOrder_samePacket(@ForAll("publishesWithProperties") Publish p,
                                                         @ForAll long seed) throws DecodeException {
        PublishParts parts = PublishParts.of(p);
        List<byte[]> shuffled = new ArrayList<>(parts.entries());
        Collections.shuffle(shuffled, new Random(seed));
        Publish back = (Publish) parts.decode(shuffled);
        // repeatable properties keep their relative order; compare the rest as sets
        assertThat(back.properties().singleValued()).isEqualTo(p.properties().singleValued());
        for (PropertyId id : p.properties().singleValued()) {
            assertThat(value(back, id)).as("%s", id).isEqualTo(value(p, id));
        }
        assertThat(back.properties().userProperties()).containsExactlyInAnyOrderElementsOf(p.properties().userProperties());
        assertThat(back.properties().subscriptionIdentifiers())
                .containsExactlyInAnyOrderElementsOf(p.properties().subscriptionIdentifiers());
        assertThat(back.withProperties(p.properties())).isEqualTo(p);
    }

    private static Object value(Publish p, PropertyId id) {
        return switch (id.type()) {
            case UTF8 -> p.properties().getString(id);
            case BINARY -> p.properties().getBytes(id);
            default -> p.properties().getInt(id, -1);
        };
    }

    /** 5.0 section 2.2.2.2: a single-valued property given twice is a Protocol Error. */
    @Property(tries = 200)
    void decode_v5PublishWithDuplicatedSingleValuedProperty_protocolError(@ForAll("publishesWithProperties") Publish p,
                                                                          @ForAll @IntRange(max = 50) int pick) {
        PublishParts parts = PublishParts.of(p);
        List<byte[]> single = parts.entries().stream()
                .filter(e -> !PropertyId.of(e[0]).isRepeatable()).toList();
        if (single.isEmpty()) {
            return;
        }
        List<byte[]> props = new ArrayList<>(parts.entries());
        props.add(single.get(pick % single.size()));
        assertThatThrownBy(() -> parts.decode(props)).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    /** A property of another packet type inside a PUBLISH is refused; an unknown identifier is malformed. */
    @Property(tries = 200)
    void decode_v5PublishWithForeignOrUnknownProperty_refused(@ForAll("publishesWithProperties") Publish p,
                                                              @ForAll("foreignProperties") byte[] foreign,
                                                              @ForAll @IntRange(max = 50) int at) {
        PublishParts parts = PublishParts.of(p);
        List<byte[]> props = new ArrayList<>(parts.entries());
        props.add(at % (props.size() + 1), foreign);
        assertThatThrownBy(() -> parts.decode(props)).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reasonCode())
                .isIn(ReasonCode.PROTOCOL_ERROR, ReasonCode.MALFORMED_PACKET);
    }

    @Provide
    Arbitrary<byte[]> foreignProperties() {
        return Arbitraries.of(
                new byte[] {0x11, 0, 0, 0, 10},        // Session Expiry Interval: CONNECT, CONNACK, DISCONNECT
                new byte[] {0x1F, 0, 1, 'x'},          // Reason String: acknowledgements
                new byte[] {0x21, 0, 10},              // Receive Maximum: CONNECT, CONNACK
                new byte[] {0x18, 0, 0, 0, 1},         // Will Delay Interval: will properties only
                new byte[] {0x00, 0},                  // identifier 0 does not exist
                new byte[] {0x04, 0},                  // nor does 4
                new byte[] {0x7F, 0});                 // nor 0x7F
    }

    /** A property length that runs past the packet, or values that run past the property length, are malformed. */
    @Property(tries = 200)
    void decode_v5PublishWithPropertyLengthTooLong_malformed(@ForAll("publishesWithProperties") Publish p) {
        PublishParts parts = PublishParts.of(p);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(parts.head());
        int actual = parts.entries().stream().mapToInt(e -> e.length).sum();
        HostileInputPropertiesTest.writeVbi(body, actual + parts.tail().length + 1);
        parts.entries().forEach(body::writeBytes);
        body.writeBytes(parts.tail());
        byte[] b = body.toByteArray();
        assertThatThrownBy(() -> Wire.decodeBody(ProtocolVersion.MQTT_5, parts.first()[0] & 0xFF, b, 0, b.length))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    /**
     * [MQTT-2.2.2-1] a 5.0 packet without properties still has a Property Length of 0; where leaving it
     * out is detectable (the packet ends, or what follows cannot be read), the packet is refused. Only
     * the acknowledgements, DISCONNECT and AUTH have short forms without it.
     */
    @Property(tries = 20)
    void decode_v5PacketWithoutPropertyLength_refused(@ForAll("withoutPropertyLength") int[] packet) {
        byte[] body = new byte[packet.length - 1];
        for (int i = 1; i < packet.length; i++) {
            body[i - 1] = (byte) packet[i];
        }
        assertThatThrownBy(() -> Wire.decodeBody(ProtocolVersion.MQTT_5, packet[0], body, 0, body.length))
                .isInstanceOf(DecodeException.class);
    }

    /** First byte, then a body that lacks the property length. */
    @Provide
    Arbitrary<int[]> withoutPropertyLength() {
        return Arbitraries.of(
                new int[] {0x20, 0x00, 0x00},                              // CONNACK: flags, reason code
                new int[] {0x90, 0x00, 0x01, 0x00},                        // SUBACK: id, one reason code
                new int[] {0xB0, 0x00, 0x01, 0x00},                        // UNSUBACK: id, one reason code
                new int[] {0x82, 0x00, 0x01, 0x00, 0x01, 'a', 0x00},       // SUBSCRIBE: id, "a", options
                new int[] {0xA2, 0x00, 0x01, 0x00, 0x01, 'a'},             // UNSUBSCRIBE: id, "a"
                new int[] {0x32, 0x00, 0x01, 'a', 0x00, 0x01});            // PUBLISH QoS 1: "a", id
    }

    // ---------------------------------------------------------------- CONNACK

    /**
     * A CONNACK refusing the connection has Session Present 0 (5.0 [MQTT-3.2.2-6], 3.1.1 [MQTT-3.2.2-4]).
     * Receiving one with Session Present 1, the decoder must either refuse it or return a packet the
     * encoder writes back unchanged: keeping the flag on decode while the encoder clears it makes the
     * same packet mean two things.
     */
    @Property(tries = 50)
    void decode_connAckRefusalWithSessionPresent_refusedOrStable(@ForAll("connAckRefusals") byte[] body,
                                                                  @ForAll boolean v5) {
        ProtocolVersion v = v5 ? ProtocolVersion.MQTT_5 : ProtocolVersion.MQTT_3_1_1;
        byte[] b = v5 ? new byte[] {1, body[1], 0} : new byte[] {1, body[0]};
        Packet decoded;
        try {
            decoded = Wire.decodeBody(v, 0x20, b, 0, b.length);
        } catch (DecodeException refused) {
            return;
        }
        try {
            assertThat(Wire.roundTrip(v, decoded)).as("%s re-encoded", decoded).isEqualTo(decoded);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    /** Pairs of (3.1.1 return code, 5.0 reason code) that refuse a connection. */
    @Provide
    Arbitrary<byte[]> connAckRefusals() {
        return Arbitraries.of(new byte[] {1, (byte) 0x84}, new byte[] {2, (byte) 0x85}, new byte[] {3, (byte) 0x88},
                new byte[] {4, (byte) 0x86}, new byte[] {5, (byte) 0x87}, new byte[] {5, (byte) 0x80});
    }

    // ---------------------------------------------------------------- CONNECT flags

    @Provide
    Arbitrary<Connect> anyConnect() {
        return PacketArbitraries.versions().flatMap(PacketArbitraries::connects);
    }

    /** Offset of the Connect Flags byte in an encoded CONNECT with a one-byte remaining length or more. */
    private static int flagsOffset(Connect c, byte[] whole) {
        return Wire.header(whole).length() + 2 + c.version().protocolName().length() + 1;
    }

    /** [MQTT-3.1.2-3] the reserved bit of the Connect Flags must be 0 (3.1.1 the same id). */
    @Property(tries = 200)
    void decode_connectWithReservedFlagSet_malformed(@ForAll("anyConnect") Connect c) {
        byte[] whole = Wire.encode(c.version(), c);
        whole[flagsOffset(c, whole)] |= 0x01;
        assertThatThrownBy(() -> Wire.decode(c.version(), whole)).isInstanceOf(DecodeException.class)
                .satisfies(e -> {
                    if (c.version().isV5()) {
                        assertThat(((DecodeException) e).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
                    }
                });
    }

    /**
     * Without a will, Will QoS and Will Retain must be 0 ([MQTT-3.1.2-11], [MQTT-3.1.2-13]; 3.1.1:
     * [MQTT-3.1.2-13], [MQTT-3.1.2-15]); with one, Will QoS 3 is malformed ([MQTT-3.1.2-12]; 3.1.1: [MQTT-3.1.2-14]).
     */
    @Property(tries = 200)
    void decode_connectWithInconsistentWillFlags_refused(@ForAll("anyConnect") Connect c,
                                                         @ForAll @IntRange(min = 0, max = 1) int which) {
        byte[] whole = Wire.encode(c.version(), c);
        int at = flagsOffset(c, whole);
        if (c.will() == null) {
            whole[at] |= which == 0 ? 0b0000_1000 : 0b0010_0000; // Will QoS 1 or Will Retain, no Will Flag
        } else {
            whole[at] |= 0b0001_1000; // Will QoS 3
        }
        assertThatThrownBy(() -> Wire.decode(c.version(), whole)).isInstanceOf(DecodeException.class);
    }

    /** 3.1.1 [MQTT-3.1.2-22]: a password without a user name is malformed before 5.0. */
    @Property(tries = 100)
    void decode_v3ConnectWithPasswordFlagOnly_refused(@ForAll("anyConnect") Connect c) {
        if (c.version().isV5() || c.username() != null) {
            return;
        }
        Connect withPassword = new Connect(c.version(), c.clientId(), c.cleanStart(), c.keepAlive(), "u",
                io.mqttools.protocol.Bytes.utf8("p"), c.will(), c.properties());
        byte[] whole = Wire.encode(c.version(), withPassword);
        int at = flagsOffset(c, whole);
        whole[at] &= (byte) ~0x80; // clear the User Name Flag, keep the password flag
        // drop the user name field from the payload: it sits just before the password (2+1 and 2+1 bytes)
        byte[] body = Arrays.copyOfRange(whole, Wire.header(whole).length(), whole.length);
        byte[] cut = new byte[body.length - 3];
        System.arraycopy(body, 0, cut, 0, body.length - 6);
        System.arraycopy(body, body.length - 3, cut, body.length - 6, 3);
        assertThatThrownBy(() -> Wire.decodeBody(null, 0x10, cut, 0, cut.length)).isInstanceOf(DecodeException.class);
    }

    // ---------------------------------------------------------------- SUBSCRIBE options

    @Provide
    Arbitrary<ProtocolVersion> versions() {
        return PacketArbitraries.versions();
    }

    /**
     * Subscription options: reserved bits set are malformed ([MQTT-3.8.3-5]; 3.1.1 [MQTT-3-8.3-4], the upper
     * six bits), a QoS of 3 is malformed (3.1.1 [MQTT-3-8.3-4]), Retain Handling 3 is a Protocol Error
     * (5.0 section 3.8.3.1). The SUBSCRIBE is one without properties or options, encoded for each version.
     */
    @Property(tries = 200)
    void decode_subscribeWithBadOptions_refused(@ForAll("versions") ProtocolVersion v,
                                                @ForAll("subscribeOf") Subscribe s,
                                                @ForAll @IntRange(min = 0, max = 3) int which) {
        final ProtocolVersion version = v;
        byte[] whole = Wire.encode(version, s);
        int at = Wire.header(whole).length() + 2;
        if (version.isV5()) {
            at += 1; // no property length beyond one byte: the generated SUBSCRIBE properties are short
            at += whole[at - 1] & 0xFF;
        }
        at += 2 + s.subscriptions().get(0).topicFilter().getBytes(StandardCharsets.UTF_8).length;
        int mask = switch (which) {
            case 0 -> 0b1100_0000;                                   // reserved bits 7-6
            case 1 -> 0b0000_0011;                                   // QoS 3
            case 2 -> version.isV5() ? 0b0011_0000 : 0b0000_0100;    // Retain Handling 3; 3.1.1 reserved bit 2
            default -> 0b1000_0000;
        };
        whole[at] |= (byte) mask;
        byte[] body = Arrays.copyOfRange(whole, Wire.header(whole).length(), whole.length);
        assertThatThrownBy(() -> Wire.decodeBody(version, 0x82, body, 0, body.length)).isInstanceOf(DecodeException.class);
    }

    @Provide
    Arbitrary<Subscribe> subscribeOf() {
        return PacketArbitraries.subscribes(ProtocolVersion.MQTT_3_1_1);
    }
}
