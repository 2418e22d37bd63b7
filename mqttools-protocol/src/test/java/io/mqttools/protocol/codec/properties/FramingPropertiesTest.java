package io.mqttools.protocol.codec.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.packet.Packet;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Framing by {@link io.mqttools.protocol.codec.MqttDecoder}: any split of a valid stream decodes to the
 * same packets, the server side learns the version from the CONNECT, and the maximum packet size is
 * enforced from the fixed header, before the body is buffered.
 */
class FramingPropertiesTest {
    private static final int ONE_MB = 1 << 20;
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** Packets of one version and the read boundaries to cut their encoding at. */
    record Split(ProtocolVersion version, List<Packet> packets, List<Integer> cuts) {
        byte[] bytes() {
            return Wire.encodeAll(version, packets);
        }
    }

    /** What a client reads: a CONNACK, then what servers send. */
    @Provide
    Arbitrary<Split> clientSideStreams() {
        return PacketArbitraries.versions().flatMap(v -> Combinators.combine(PacketArbitraries.connAcks(v),
                PacketArbitraries.serverToClient(v).list().ofMaxSize(8), cuts()).as((connAck, ps, cuts) -> {
                    List<Packet> all = new ArrayList<>();
                    all.add(connAck);
                    all.addAll(ps);
                    return new Split(v, all, cuts);
                }));
    }

    /** What a server reads: a CONNECT, then what clients send. */
    @Provide
    Arbitrary<Split> serverSideStreams() {
        return PacketArbitraries.versions().flatMap(v -> Combinators.combine(PacketArbitraries.connects(v),
                PacketArbitraries.clientToServer(v).list().ofMaxSize(8), cuts()).as((connect, ps, cuts) -> {
                    List<Packet> all = new ArrayList<>();
                    all.add(connect);
                    all.addAll(ps);
                    return new Split(v, all, cuts);
                }));
    }

    /** What a server reads once the CONNECT is behind it. */
    @Provide
    Arbitrary<Split> establishedServerStreams() {
        return PacketArbitraries.versions().flatMap(v -> Combinators.combine(
                PacketArbitraries.clientToServer(v).list().ofMinSize(1).ofMaxSize(8), cuts())
                .as((ps, cuts) -> new Split(v, ps, cuts)));
    }

    private static Arbitrary<List<Integer>> cuts() {
        // many cuts near the start (inside fixed headers and short packets), a few anywhere
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 64)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 20_000)))
                .list().ofMaxSize(12).map(l -> l.stream().sorted().toList());
    }

    @Property(tries = 250)
    void clientDecoder_validStreamAnySplit_decodesSamePackets(@ForAll("clientSideStreams") Split s) {
        DecoderHarness h = new DecoderHarness(s.version(), ONE_MB);
        assertThat(decode(h, s.bytes(), s.cuts())).isEqualTo(s.packets());
    }

    @Property(tries = 120)
    void clientDecoder_validStreamOneByteAtATime_decodesSamePackets(@ForAll("clientSideStreams") Split s) {
        byte[] bytes = s.bytes();
        if (bytes.length > 4_000) {
            return; // byte-by-byte on the 16 kB payloads would only make the suite slow
        }
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i < bytes.length; i++) {
            everyByte.add(i);
        }
        assertThat(decode(new DecoderHarness(s.version(), ONE_MB), bytes, everyByte)).isEqualTo(s.packets());
    }

    /** The server side starts without a version; the CONNECT's protocol level sets it ([MQTT-3.1.2-1]). */
    @Property(tries = 250)
    void serverDecoder_connectThenPacketsAnySplit_decodesSamePacketsAndLearnsVersion(@ForAll("serverSideStreams") Split s) {
        DecoderHarness h = new DecoderHarness(null, ONE_MB);
        assertThat(decode(h, s.bytes(), s.cuts())).isEqualTo(s.packets());
        assertThat(h.decoder().version()).isEqualTo(s.version());
    }

    /** [MQTT-3.1.0-1] the first packet from a client must be a CONNECT. */
    @Property(tries = 120)
    void serverDecoder_firstPacketNotConnect_refused(@ForAll("establishedServerStreams") Split s) {
        DecoderHarness h = new DecoderHarness(null, ONE_MB);
        try {
            assertTimeoutPreemptively(LIMIT, () -> h.writeAll(s.bytes(), s.cuts()));
            assertThat(h.packets()).isEmpty();
            assertThat(h.failure()).isNotNull();
            assertThat(h.failure().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        } finally {
            h.close();
        }
    }

    /**
     * The maximum packet size counts the whole packet: a packet of exactly the maximum is accepted; with
     * a maximum one byte smaller it is refused with Packet too large as soon as its fixed header is
     * complete ([MQTT-3.2.2-15] / [MQTT-3.1.2-24]: a receiver's maximum covers the whole packet).
     */
    @Property(tries = 200)
    void decoder_packetAtAndAboveMaximum_acceptedThenRefusedFromFixedHeader(@ForAll("establishedServerStreams") Split s) {
        Packet p = s.packets().get(0);
        byte[] bytes = Wire.encode(s.version(), p);
        Wire.Header header = Wire.header(bytes);

        DecoderHarness exact = new DecoderHarness(MqttDecoder.Side.SERVER, s.version(), bytes.length);
        try {
            exact.write(bytes);
            assertThat(exact.failure()).isNull();
            assertThat(exact.packets()).containsExactly(p);
        } finally {
            exact.close();
        }

        if (bytes.length - 1 < 2) {
            return; // a maximum below the smallest packet (2 bytes) is not a valid setting
        }
        DecoderHarness tooSmall = new DecoderHarness(MqttDecoder.Side.SERVER, s.version(), bytes.length - 1);
        try {
            tooSmall.write(Arrays.copyOf(bytes, header.length())); // the fixed header only
            assertThat(tooSmall.failure()).as("refused from the fixed header").isNotNull();
            assertThat(tooSmall.failure().reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
            tooSmall.write(Arrays.copyOfRange(bytes, header.length(), bytes.length));
            assertThat(tooSmall.packets()).isEmpty();
        } finally {
            tooSmall.close();
        }
    }

    /**
     * A fixed header announcing 200 MB against a 1 MB maximum is refused at once, on the client and the
     * server side, and the 4 MB that follow are discarded without ever being accumulated.
     */
    @Example
    void decoder_200MegabyteRemainingLength_refusedWithoutBuffering() {
        refuseHuge(new DecoderHarness(null, ONE_MB), 0x10); // a CONNECT before the handshake
        for (ProtocolVersion v : ProtocolVersion.values()) {
            refuseHuge(new DecoderHarness(MqttDecoder.Side.SERVER, v, ONE_MB), 0x30); // a client's PUBLISH
            refuseHuge(new DecoderHarness(v, ONE_MB), 0x20); // a CONNACK to a client
        }
    }

    private static void refuseHuge(DecoderHarness h, int firstByte) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(firstByte);
        HostileInputPropertiesTest.writeVbi(header, 200 * ONE_MB);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try {
            h.write(header.toByteArray());
            assertThat(h.failure()).as("refused from the fixed header (%s)", h.decoder().side()).isNotNull();
            assertThat(h.failure().reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
            for (int i = 0; i < 64; i++) {
                h.write(chunk);
            }
            assertThat(h.packets()).isEmpty();
            assertThat(h.largestBuffered()).as("bytes held by the cumulation").isLessThan(chunk.length);
            assertThat(h.largestAllocation()).as("largest allocation").isLessThan(ONE_MB);
        } finally {
            h.close();
        }
    }

    /** After a DecodeException the decoder ignores everything else on the connection. */
    @Property(tries = 100)
    void decoder_afterDecodeException_discardsValidPacketsThatFollow(@ForAll("establishedServerStreams") Split s) {
        DecoderHarness h = new DecoderHarness(MqttDecoder.Side.SERVER, s.version(), ONE_MB);
        try {
            h.write(new byte[] {0x00, 0x00}); // packet type 0 is reserved: malformed
            assertThat(h.failure()).isNotNull();
            h.writeAll(s.bytes(), s.cuts());
            assertThat(h.packets()).isEmpty();
        } finally {
            h.close();
        }
    }

    /** A remaining length in more than four bytes is malformed (5.0 section 1.5.5, 3.1.1 section 2.2.3). */
    @Example
    void decoder_fiveByteRemainingLength_malformed() {
        for (ProtocolVersion v : ProtocolVersion.values()) {
            DecoderHarness h = new DecoderHarness(MqttDecoder.Side.SERVER, v, ONE_MB);
            try {
                h.write(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
                assertThat(h.failure()).as("%s", v).isNotNull();
                assertThat(h.failure().reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            } finally {
                h.close();
            }
        }
    }

    private static List<Packet> decode(DecoderHarness h, byte[] bytes, List<Integer> cuts) {
        try {
            assertTimeoutPreemptively(LIMIT, () -> h.writeAll(bytes, cuts));
            assertThat(h.failure()).as("decode failure").isNull();
            return List.copyOf(h.packets());
        } finally {
            h.close();
        }
    }
}
