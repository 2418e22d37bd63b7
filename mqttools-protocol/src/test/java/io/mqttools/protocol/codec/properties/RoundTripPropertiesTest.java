package io.mqttools.protocol.codec.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.MqttEncoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Encode-then-decode properties over random valid packets of every type and version, and the
 * wire-format rules every encoded packet must follow.
 */
class RoundTripPropertiesTest {

    @Provide
    Arbitrary<VersionedPacket> anyPacket() {
        return VersionedPacket.any();
    }

    @Provide
    Arbitrary<ProtocolVersion> versions() {
        return PacketArbitraries.versions();
    }

    @Property(tries = 600)
    void encodeThenDecode_anyValidPacket_givesEqualPacket(@ForAll("anyPacket") VersionedPacket vp) throws DecodeException {
        assertThat(Wire.roundTrip(vp.version(), vp.packet())).isEqualTo(vp.packet());
    }

    @Property(tries = 300)
    void encodedSize_anyValidPacket_equalsEncodedLength(@ForAll("anyPacket") VersionedPacket vp) {
        byte[] bytes = Wire.encode(vp.version(), vp.packet());
        assertThat(PacketEncoder.encodedSize(vp.version(), vp.packet())).isEqualTo(bytes.length);
    }

    /** [MQTT-1.5.5-1] minimal Variable Byte Integer; [MQTT-2.1.4] remaining length counts exactly the rest. */
    @Property(tries = 300)
    void encode_anyValidPacket_remainingLengthMinimalAndExact(@ForAll("anyPacket") VersionedPacket vp) {
        byte[] bytes = Wire.encode(vp.version(), vp.packet());
        Wire.Header h = Wire.header(bytes);
        assertThat(h).as("fixed header of %s", Wire.hex(bytes)).isNotNull();
        assertThat(h.remainingLength()).isEqualTo(bytes.length - h.length());
        assertThat(h.length() - 1).isEqualTo(Wire.vbiLength(h.remainingLength()));
    }

    /** [MQTT-2.1.3-1] reserved flags as the spec lists them; PUBLISH flags carry DUP, QoS, RETAIN. */
    @Property(tries = 300)
    void encode_anyValidPacket_typeAndFlagsAsSpecified(@ForAll("anyPacket") VersionedPacket vp) {
        Packet p = vp.packet();
        int first = Wire.encode(vp.version(), p)[0] & 0xFF;
        assertThat(first >> 4).isEqualTo(p.type().value());
        int expectedFlags = p instanceof Publish pub
                ? (pub.dup() ? 8 : 0) | pub.qos().value() << 1 | (pub.retain() ? 1 : 0)
                : p.type().requiredFlags();
        assertThat(first & 0x0F).isEqualTo(expectedFlags);
    }

    @Property(tries = 200)
    void encodeWithAllocator_anyValidPacket_sameBytesAsEncodeToBuffer(@ForAll("anyPacket") VersionedPacket vp) {
        ByteBuf buf = PacketEncoder.encode(PooledByteBufAllocator.DEFAULT, vp.version(), vp.packet());
        try {
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(Wire.encode(vp.version(), vp.packet()));
        } finally {
            buf.release();
        }
    }

    @Property(tries = 200)
    void mqttEncoder_anyValidPacket_writesTheEncodedPacket(@ForAll("anyPacket") VersionedPacket vp) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(vp.version()));
        try {
            assertThat(ch.writeOutbound(vp.packet())).isTrue();
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                written.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            }
            assertThat(written.toByteArray()).isEqualTo(Wire.encode(vp.version(), vp.packet()));
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Example
    void mqttEncoder_alreadyEncodedBuffer_passesThroughUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(ProtocolVersion.MQTT_5));
        ByteBuf shared = Unpooled.wrappedBuffer(Wire.encode(ProtocolVersion.MQTT_5,
                Publish.of("a/b", Bytes.utf8("x"))));
        try {
            ch.writeOutbound(shared.retain());
            ByteBuf out = ch.readOutbound();
            assertThat(out).isSameAs(shared);
            out.release();
        } finally {
            shared.release();
            ch.finishAndReleaseAll();
        }
    }

    /** [MQTT-2.1.3-1] / [MQTT-2.2.2-2] (3.1.1): a reserved flag bit set otherwise is malformed. */
    @Property(tries = 200)
    void decode_reservedFlagFlipped_refused(@ForAll("anyPacket") VersionedPacket vp, @ForAll @IntRange(min = 0, max = 3) int bit) {
        if (vp.packet().type() == PacketType.PUBLISH) {
            return;
        }
        byte[] bytes = Wire.encode(vp.version(), vp.packet());
        bytes[0] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> Wire.decode(vp.version(), bytes))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> {
                    if (vp.version().isV5()) {
                        assertThat(((DecodeException) e).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
                    }
                });
    }

    /** [MQTT-3.3.1-4] a PUBLISH with both QoS bits set is malformed. */
    @Property(tries = 100)
    void decode_publishWithQos3_refused(@ForAll("versions") ProtocolVersion v) {
        byte[] bytes = Wire.encode(v, new Publish("a", QoS.AT_LEAST_ONCE, false, false, 7, Bytes.utf8("x"), Properties.EMPTY));
        bytes[0] |= 0b0110;
        assertThatThrownBy(() -> Wire.decode(v, bytes)).isInstanceOf(DecodeException.class);
    }

    /**
     * [MQTT-1.5.4-1] ill-formed UTF-8 (overlong, surrogate, beyond U+10FFFF, lone continuation, truncated)
     * and [MQTT-1.5.4-2] U+0000 in a string make the packet malformed (3.1.1: [MQTT-1.5.3-1], [MQTT-1.5.3-2]).
     */
    @Property(tries = 200)
    void decode_topicWithBadUtf8_refused(@ForAll("versions") ProtocolVersion v,
                                         @ForAll("badUtf8") byte[] bad, @ForAll @IntRange(max = 3) int prefix) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] topic = new byte[prefix + bad.length];
        for (int i = 0; i < prefix; i++) {
            topic[i] = 'a';
        }
        System.arraycopy(bad, 0, topic, prefix, bad.length);
        body.write(topic.length >> 8);
        body.write(topic.length & 0xFF);
        body.writeBytes(topic);
        if (v.isV5()) {
            body.write(0); // property length
        }
        body.writeBytes("payload".getBytes(StandardCharsets.US_ASCII));
        byte[] b = body.toByteArray();
        assertThatThrownBy(() -> Wire.decodeBody(v, 0x30, b, 0, b.length))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> {
                    if (v.isV5()) {
                        assertThat(((DecodeException) e).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
                    }
                });
    }

    @Provide
    Arbitrary<byte[]> badUtf8() {
        return Arbitraries.of(
                new byte[] {(byte) 0xC0, (byte) 0x80},                         // overlong U+0000
                new byte[] {0x00},                                             // U+0000
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},            // U+D800, a surrogate
                new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},            // U+DFFF
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80},                                      // lone continuation byte
                new byte[] {(byte) 0xE2, (byte) 0x82},                         // truncated sequence
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF});           // overlong '/'
    }

    /** [MQTT-1.5.4-3] (3.1.1: [MQTT-1.5.3-3]) a BOM (U+FEFF) is kept, not skipped or stripped. */
    @Property(tries = 10)
    void decode_stringWithByteOrderMark_keepsIt(@ForAll("versions") ProtocolVersion v) throws DecodeException {
        Publish p = Publish.of("\uFEFFsensors/\uFEFF", Bytes.utf8("x"));
        Publish back = (Publish) Wire.roundTrip(v, p);
        assertThat(back.topic()).isEqualTo("\uFEFFsensors/\uFEFF");
        byte[] bytes = Wire.encode(v, p);
        assertThat(bytes[4] & 0xFF).isEqualTo(0xEF); // written as EF BB BF right after the length
    }

    /** [MQTT-3.3.2-2] (5.0 and 3.1.1) a topic name with a wildcard is refused by a decoder of PUBLISH. */
    @Property(tries = 50)
    void decode_publishTopicWithWildcard_refused(@ForAll("versions") ProtocolVersion v,
                                                 @ForAll("wildcardTopics") String topic) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(t.length >> 8);
        body.write(t.length & 0xFF);
        body.writeBytes(t);
        if (v.isV5()) {
            body.write(0);
        }
        byte[] b = body.toByteArray();
        assertThatThrownBy(() -> Wire.decodeBody(v, 0x30, b, 0, b.length)).isInstanceOf(DecodeException.class);
    }

    @Provide
    Arbitrary<String> wildcardTopics() {
        return Arbitraries.of("a/+", "#", "a/#", "+", "sport/ten+nis", "a#");
    }

    /**
     * Remaining lengths on both sides of each Variable Byte Integer boundary (1, 2, 3 and 4 bytes) are
     * encoded minimally, sized right, and decoded back, by PacketDecoder and through MqttDecoder.
     */
    @Property(tries = 30)
    void roundTrip_remainingLengthAtVariableByteIntegerBoundaries_samePacket(
            @ForAll("versions") ProtocolVersion v,
            @ForAll("vbiBoundaries") int remainingLength) throws DecodeException {
        int overhead = 2 + 1 + (v.isV5() ? 1 : 0); // topic "t" and, in 5.0, an empty property length
        Publish p = Publish.of("t", Bytes.wrap(new byte[remainingLength - overhead]));
        byte[] bytes = Wire.encode(v, p);
        assertThat(bytes.length).isEqualTo(PacketEncoder.encodedSize(v, p));
        Wire.Header h = Wire.header(bytes);
        assertThat(h.remainingLength()).isEqualTo(remainingLength);
        assertThat(h.length() - 1).isEqualTo(Wire.vbiLength(remainingLength));
        assertThat(Wire.decode(v, bytes)).isEqualTo(p);

        DecoderHarness framed = new DecoderHarness(io.mqttools.protocol.codec.MqttDecoder.Side.SERVER, v, bytes.length);
        try {
            framed.writeAll(bytes, List.of(1, 2, 3, 4, bytes.length / 2));
            assertThat(framed.failure()).isNull();
            assertThat(framed.packets()).containsExactly(p);
        } finally {
            framed.close();
        }
    }

    @Provide
    Arbitrary<Integer> vbiBoundaries() {
        return Arbitraries.of(127, 128, 16_383, 16_384, 2_097_151, 2_097_152);
    }

    /**
     * A Java string with an unpaired surrogate has no UTF-8 form ([MQTT-1.5.4-1]): the encoder must
     * refuse it, as it refuses strings over 65535 bytes, rather than send a different string (a
     * replacement character) than the packet holds: a PUBLISH would otherwise reach another topic.
     */
    @Property(tries = 30)
    void encode_stringWithUnpairedSurrogate_refusedNotReplaced(@ForAll("versions") ProtocolVersion v,
                                                               @ForAll("unpairedSurrogates") String bad) {
        Publish p = Publish.of("sensors/" + bad, Bytes.utf8("x"));
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> PacketEncoder.encode(v, p, out))
                    .as("encoding topic %s", p.topic().chars().mapToObj(c -> String.format("U+%04X", c)).toList())
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
    }

    /** [MQTT-1.5.4-2] (3.1.1 [MQTT-1.5.3-2]) U+0000 is never written: the encoder refuses it in any string field. */
    @Property(tries = 30)
    void encode_stringWithNullCharacter_refused(@ForAll("versions") ProtocolVersion v, @ForAll @IntRange(max = 3) int field) {
        String bad = "a\u0000b";
        Packet p = switch (field) {
            case 0 -> Publish.of(bad, Bytes.utf8("x"));
            case 1 -> new io.mqttools.protocol.packet.Subscribe(1,
                    List.of(new io.mqttools.protocol.packet.Subscription("f/" + bad, QoS.AT_MOST_ONCE)), Properties.EMPTY);
            case 2 -> new io.mqttools.protocol.packet.Unsubscribe(1, List.of(bad), Properties.EMPTY);
            default -> new io.mqttools.protocol.packet.Connect(v, "id", true, 0, bad, null, null, Properties.EMPTY);
        };
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> PacketEncoder.encode(v, p, out)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
    }

    @Provide
    Arbitrary<String> unpairedSurrogates() {
        return Arbitraries.of("a\uD800b", "\uDC00", "x\uD83D", "\uDE00\uD83D");
    }

    /** A 5.0 PUBLISH with a Topic Alias and an empty topic keeps both. */
    @Example
    void roundTrip_v5PublishWithAliasOnly_keepsEmptyTopicAndAlias() throws DecodeException {
        Publish p = new Publish("", QoS.AT_MOST_ONCE, false, false, 0, Bytes.utf8("x"),
                Properties.builder().set(PropertyId.TOPIC_ALIAS, 3).build());
        assertThat(Wire.roundTrip(ProtocolVersion.MQTT_5, p)).isEqualTo(p);
    }
}
