package io.mqttools.protocol.codec.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.MqttDecoder;
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
import io.mqttools.protocol.packet.UnsubAck;
import io.mqttools.protocol.packet.Unsubscribe;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated bytes fed to {@link io.mqttools.protocol.codec.PacketDecoder} and to
 * {@link io.mqttools.protocol.codec.MqttDecoder}: the only outcomes allowed are packets and
 * {@link DecodeException}s with a reason code that can be sent, within a time limit and without
 * buffering beyond the maximum packet size.
 */
class HostileInputPropertiesTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** A mutation of an encoded packet: where, what kind, and the random byte it may use. */
    record Mutation(Kind kind, int position, byte value) {
        enum Kind { FLIP_BIT, SET_BYTE, TRUNCATE, APPEND, INSERT }

        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return new byte[] {value};
            }
            int at = Math.floorMod(position, in.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (kind) {
                case FLIP_BIT -> {
                    byte[] copy = in.clone();
                    copy[at] ^= (byte) (1 << Math.floorMod(value, 8));
                    return copy;
                }
                case SET_BYTE -> {
                    byte[] copy = in.clone();
                    copy[at] = value;
                    return copy;
                }
                case TRUNCATE -> out.write(in, 0, at);
                case APPEND -> {
                    out.writeBytes(in);
                    out.write(value);
                }
                case INSERT -> {
                    out.write(in, 0, at);
                    out.write(value);
                    out.write(in, at, in.length - at);
                }
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().between(0, 100_000),
                Arbitraries.bytes()).as(Mutation::new);
    }

    @Provide
    Arbitrary<VersionedPacket> anyPacket() {
        return VersionedPacket.any();
    }

    @Provide
    Arbitrary<ProtocolVersion> versionOrNone() {
        return Arbitraries.of(ProtocolVersion.class).injectNull(0.25);
    }

    // ---------------------------------------------------------------- PacketDecoder

    @Property(tries = 700)
    void packetDecoder_randomBody_packetOrDecodeException(@ForAll("versionOrNone") ProtocolVersion v,
                                                          @ForAll @IntRange(min = 0, max = 255) int firstByte,
                                                          @ForAll @Size(max = 80) byte[] body) {
        checkOutcome(v, firstByte, body);
    }

    @Property(tries = 700)
    void packetDecoder_mutatedValidPacket_packetOrDecodeException(@ForAll("anyPacket") VersionedPacket vp,
                                                                  @ForAll("mutations") Mutation m1,
                                                                  @ForAll("mutations") Mutation m2) {
        byte[] whole = Wire.encode(vp.version(), vp.packet());
        Wire.Header h = Wire.header(whole);
        byte[] body = java.util.Arrays.copyOfRange(whole, h.length(), whole.length);
        // one mutation of the body, and sometimes one of the first byte (type and flags)
        byte[] mutated = m1.apply(body);
        int first = m2.kind() == Mutation.Kind.FLIP_BIT ? h.firstByte() ^ (1 << Math.floorMod(m2.value(), 8)) : h.firstByte();
        ProtocolVersion v = (first >> 4) == PacketType.CONNECT.value() ? null : vp.version();
        Packet decoded = checkOutcome(v, first, mutated);
        if (decoded != null) {
            // Whatever the decoder accepts, the encoder writes back to the same packet.
            ProtocolVersion again = decoded instanceof Connect c ? c.version() : vp.version();
            assertThat(roundTrip(again, decoded)).isEqualTo(decoded);
        }
    }

    private static Packet roundTrip(ProtocolVersion v, Packet p) {
        try {
            return Wire.roundTrip(v, p);
        } catch (DecodeException e) {
            throw new AssertionError("re-encoded " + p + " does not decode: " + e, e);
        }
    }

    /** Runs PacketDecoder within the time limit and checks what it is allowed to return or throw. */
    private static Packet checkOutcome(ProtocolVersion v, int firstByte, byte[] body) {
        Packet p = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                Packet decoded = Wire.decodeBody(v, firstByte, body, 0, body.length);
                assertThat(decoded).as("decode returned null").isNotNull();
                return decoded;
            } catch (DecodeException e) {
                assertThat(e.reasonCode()).as("reason code of %s", e).isNotNull();
                assertThat(e.reasonCode().isValidFor(PacketType.DISCONNECT) || e.reasonCode().isValidFor(PacketType.CONNACK))
                        .as("%s can be sent in a CONNACK or DISCONNECT", e.reasonCode()).isTrue();
                return null;
            }
        }, () -> "decoding " + Wire.hex(body) + " took too long");
        if (p != null) {
            assertThat(p.type().value()).as("type of %s", p).isEqualTo(firstByte >> 4);
            if (v == null) {
                assertThat(p).as("before the handshake only a CONNECT is accepted").isInstanceOf(Connect.class);
            }
            ProtocolVersion effective = p instanceof Connect c ? c.version() : v;
            if (effective != null && !effective.isV5()) {
                assertThat(p).isNotInstanceOf(Auth.class);
                assertThat(propertiesOf(p)).as("a %s packet has no properties", effective).allMatch(Properties::isEmpty);
            }
        }
        return p;
    }

    /** Every property list the packet carries (a CONNECT's Will Properties included). */
    static List<Properties> propertiesOf(Packet p) {
        if (p instanceof Connect c) {
            return c.will() == null ? List.of(c.properties()) : List.of(c.properties(), c.will().properties());
        }
        if (p instanceof PingReq || p instanceof PingResp) {
            return List.of(Properties.EMPTY);
        }
        Properties props = p instanceof ConnAck c ? c.properties()
                : p instanceof Publish c ? c.properties()
                : p instanceof PubAck c ? c.properties()
                : p instanceof PubRec c ? c.properties()
                : p instanceof PubRel c ? c.properties()
                : p instanceof PubComp c ? c.properties()
                : p instanceof Subscribe c ? c.properties()
                : p instanceof SubAck c ? c.properties()
                : p instanceof Unsubscribe c ? c.properties()
                : p instanceof UnsubAck c ? c.properties()
                : p instanceof Disconnect c ? c.properties()
                : ((Auth) p).properties();
        return List.of(props);
    }

    // ---------------------------------------------------------------- MqttDecoder (framing)

    /**
     * A stream for the framing decoder: the decoder's side and settings (version null: a server before
     * the CONNECT), the bytes and where reads split them.
     */
    record HostileStream(MqttDecoder.Side side, ProtocolVersion version, int maxPacketSize, byte[] bytes, List<Integer> cuts) {
        DecoderHarness harness() {
            return version == null ? new DecoderHarness(null, maxPacketSize) : new DecoderHarness(side, version, maxPacketSize);
        }

        @Override
        public String toString() {
            return side + " version=" + version + " max=" + maxPacketSize + " cuts=" + cuts + " bytes=" + Wire.hex(bytes);
        }
    }

    @Provide
    Arbitrary<HostileStream> hostileStreams() {
        return Combinators.combine(Arbitraries.of(MqttDecoder.Side.class), versionOrNone()).as(Tuple::of).flatMap(t -> {
            MqttDecoder.Side side = t.get2() == null ? MqttDecoder.Side.SERVER : t.get1();
            ProtocolVersion v = t.get2();
            ProtocolVersion forPackets = v == null ? ProtocolVersion.MQTT_5 : v;
            Arbitrary<Packet> packets = side == MqttDecoder.Side.SERVER
                    ? PacketArbitraries.clientToServer(forPackets) : PacketArbitraries.serverToClient(forPackets);
            // the handshake packet the decoder expects first, most of the time
            Arbitrary<? extends Packet> opening = v == null ? PacketArbitraries.connects(forPackets)
                    : side == MqttDecoder.Side.CLIENT ? PacketArbitraries.connAcks(v) : packets;
            Arbitrary<byte[]> valid = packets.map(p -> Wire.encode(forPackets, p));
            Arbitrary<byte[]> frames = Arbitraries.frequencyOf(
                    Tuple.of(4, valid),
                    Tuple.of(2, randomFrames()),
                    Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(24)));
            Arbitrary<byte[]> first = Arbitraries.frequencyOf(
                    Tuple.of(3, opening.map(p -> Wire.encode(forPackets, p))),
                    Tuple.of(1, frames));
            Arbitrary<byte[]> stream = Combinators.combine(first, frames.list().ofMaxSize(4), mutations().list().ofMaxSize(2))
                    .as((head, list, muts) -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.writeBytes(head);
                        list.forEach(out::writeBytes);
                        byte[] bytes = out.toByteArray();
                        for (Mutation m : muts) {
                            bytes = m.apply(bytes);
                        }
                        return bytes;
                    });
            return Combinators.combine(Arbitraries.of(16, 128, 4096, 1 << 20), stream,
                            Arbitraries.integers().between(0, 40_000).list().ofMaxSize(6))
                    .as((max, bytes, cuts) -> new HostileStream(side, v, max, bytes, cuts.stream().sorted().toList()));
        });
    }

    /** A fixed header with any type, flags and remaining length (sometimes malformed), and a short body. */
    private static Arbitrary<byte[]> randomFrames() {
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 200)),
                Tuple.of(1, Arbitraries.integers().between(0, 268_435_455)));
        return Combinators.combine(Arbitraries.integers().between(0, 255), lengths, Arbitraries.of(0, 0, 0, 1, 2),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((first, length, form, body) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(first);
                    switch (form) {
                        case 0 -> writeVbi(out, length);
                        case 1 -> { // five continuation bytes: longer than the four a Variable Byte Integer may take
                            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
                        }
                        default -> { // a non-minimal encoding of a small value
                            out.write(0x80 | (length & 0x7F));
                            out.write(0);
                        }
                    }
                    out.writeBytes(body);
                    return out.toByteArray();
                });
    }

    static void writeVbi(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    @Property(tries = 300)
    void mqttDecoder_hostileStream_onlyPacketsOrOneDecodeException(@ForAll("hostileStreams") HostileStream s) {
        assertTimeoutPreemptively(LIMIT, () -> {
            DecoderHarness h = s.harness();
            try {
                h.writeAll(s.bytes(), s.cuts());
            } finally {
                h.close();
            }
            if (s.version() == null && !h.packets().isEmpty()) {
                assertThat(h.packets().get(0)).isInstanceOf(Connect.class);
            }
            assertThat(h.largestAllocation()).as("largest buffer allocated")
                    .isLessThanOrEqualTo(Math.max(2 * s.maxPacketSize(), 2 * s.bytes().length) + 1024);
        }, () -> "decoding took too long: " + s);
    }
}
