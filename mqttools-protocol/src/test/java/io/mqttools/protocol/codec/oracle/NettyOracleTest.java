package io.mqttools.protocol.codec.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.properties.VersionedPacket;
import io.mqttools.protocol.codec.properties.Wire;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Netty's codec-mqtt (4.1: MQTT 3.1, 3.1.1 and 5.0) as an independent oracle: what our encoder writes,
 * Netty's decoder must read as the same fields, and what Netty's encoder writes, our decoder must read
 * as the same packet. Packets are compared as records after a field-by-field translation
 * ({@link NettyPackets}); bytes are not compared, since property order and the optional omission of a
 * Success reason code may legitimately differ.
 */
class NettyOracleTest {
    /** The channel attribute Netty's codec keeps the negotiated version in (package-private constant there). */
    private static final AttributeKey<MqttVersion> NETTY_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    @Provide
    Arbitrary<VersionedPacket> anyPacket() {
        return VersionedPacket.any();
    }

    @Property(tries = 300)
    void ourEncoder_nettyDecoder_readsSameFields(@ForAll("anyPacket") VersionedPacket vp) {
        byte[] ours = Wire.encode(vp.version(), vp.packet());
        assertThat(nettyDecode(vp.version(), ours)).isEqualTo(vp.packet());
    }

    @Property(tries = 300)
    void nettyEncoder_ourDecoder_readsSamePacket(@ForAll("anyPacket") VersionedPacket vp) throws DecodeException {
        byte[] theirs = nettyEncode(vp.version(), vp.packet());
        assertThat(Wire.decode(vp.version(), theirs)).isEqualTo(vp.packet());
    }

    /**
     * Netty alone, both ways, through our translation: proves the generators and {@link NettyPackets}
     * faithful, so that a failure of the two properties above points at our codec.
     */
    @Property(tries = 150)
    void nettyEncoder_nettyDecoder_translationIsFaithful(@ForAll("anyPacket") VersionedPacket vp) {
        assertThat(nettyDecode(vp.version(), nettyEncode(vp.version(), vp.packet()))).isEqualTo(vp.packet());
    }

    /**
     * Differential check on damaged packets: a valid packet's body has one byte changed, inserted or
     * removed (the remaining length is kept right). Where both decoders accept the result, they must
     * read the same packet. (Where one refuses, nothing is asserted: Netty is more lenient in places,
     * e.g. about which properties a packet may carry.)
     */
    @Property(tries = 300)
    void damagedPacket_bothDecodersAccept_samePacket(@ForAll("anyPacket") VersionedPacket vp,
                                                      @ForAll @IntRange(min = 0, max = 2) int kind,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int position,
                                                      @ForAll byte value) {
        byte[] whole = Wire.encode(vp.version(), vp.packet());
        Wire.Header h = Wire.header(whole);
        byte[] body = Arrays.copyOfRange(whole, h.length(), whole.length);
        if (body.length == 0) {
            return;
        }
        int at = position % body.length;
        ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        switch (kind) {
            case 0 -> {
                body[at] = value;
                damaged.writeBytes(body);
            }
            case 1 -> {
                damaged.write(body, 0, at);
                damaged.write(value);
                damaged.write(body, at, body.length - at);
            }
            default -> {
                damaged.write(body, 0, at);
                damaged.write(body, at + 1, body.length - at - 1);
            }
        }
        byte[] newBody = damaged.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(h.firstByte());
        int len = newBody.length;
        do {
            int b = len & 0x7F;
            len >>>= 7;
            packet.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
        packet.writeBytes(newBody);
        byte[] bytes = packet.toByteArray();

        Packet ours;
        try {
            ours = Wire.decode(vp.version(), bytes);
        } catch (DecodeException refused) {
            return;
        }
        Packet theirs = nettyDecodeOrNull(vp.version(), bytes);
        if (theirs != null) {
            assertThat(ours).as("our decoding of %s", Wire.hex(bytes)).isEqualTo(theirs);
        }
    }

    /** Netty's reading translated to our record, or null when Netty refuses the bytes. */
    private static Packet nettyDecodeOrNull(ProtocolVersion v, byte[] bytes) {
        EmbeddedChannel ch = nettyChannel(v, new MqttDecoder(1 << 20));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            MqttMessage m = ch.readInbound();
            if (m == null) {
                return null;
            }
            try {
                return m.decoderResult().isSuccess() ? NettyPackets.fromNetty(v, m) : null;
            } finally {
                ReferenceCountUtil.release(m);
            }
        } catch (RuntimeException nettyThrew) {
            return null;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** The benchmark's PUBLISH, checked field by field rather than through the record translation. */
    @Example
    void ourEncoder_nettyDecoder_publishFieldByField() {
        Properties props = Properties.builder()
                .set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 3600L)
                .userProperty("unit", "celsius")
                .build();
        Publish p = new Publish("sensors/room1/temperature", QoS.AT_LEAST_ONCE, true, false, 42,
                Bytes.wrap(new byte[64]), props);
        EmbeddedChannel ch = nettyChannel(ProtocolVersion.MQTT_5, new MqttDecoder(1 << 20));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(Wire.encode(ProtocolVersion.MQTT_5, p)));
            MqttPublishMessage m = ch.readInbound();
            try {
                assertThat(m.decoderResult().isSuccess()).isTrue();
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBLISH);
                assertThat(m.fixedHeader().qosLevel().value()).isEqualTo(1);
                assertThat(m.fixedHeader().isRetain()).isTrue();
                assertThat(m.fixedHeader().isDup()).isFalse();
                assertThat(m.variableHeader().topicName()).isEqualTo("sensors/room1/temperature");
                assertThat(m.variableHeader().packetId()).isEqualTo(42);
                assertThat(m.variableHeader().properties().getProperty(PropertyId.MESSAGE_EXPIRY_INTERVAL.id()).value())
                        .isEqualTo(3600);
                assertThat(m.payload().readableBytes()).isEqualTo(64);
            } finally {
                m.release();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static EmbeddedChannel nettyChannel(ProtocolVersion v, io.netty.channel.ChannelHandler handler) {
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.attr(NETTY_VERSION).set(NettyPackets.nettyVersion(v));
        return ch;
    }

    private static Packet nettyDecode(ProtocolVersion v, byte[] bytes) {
        EmbeddedChannel ch = nettyChannel(v, new MqttDecoder(1 << 20));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            MqttMessage m = ch.readInbound();
            assertThat(m).as("Netty decoded nothing from %s", Wire.hex(bytes)).isNotNull();
            try {
                assertThat(m.decoderResult().isSuccess())
                        .as("Netty refused %s: %s", Wire.hex(bytes), m.decoderResult().cause()).isTrue();
                assertThat((Object) ch.readInbound()).as("one packet only").isNull();
                return NettyPackets.fromNetty(v, m);
            } finally {
                ReferenceCountUtil.release(m);
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static byte[] nettyEncode(ProtocolVersion v, Packet p) {
        EmbeddedChannel ch = nettyChannel(v, MqttEncoder.INSTANCE);
        try {
            ch.writeOutbound(NettyPackets.toNetty(v, p));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                out.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            }
            return out.toByteArray();
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
