package io.mqttools.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PingResp;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MqttDecoderTest {
    private final List<Throwable> errors = new ArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel channel(MqttDecoder decoder) {
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        return channel;
    }

    private static byte[] stream(ProtocolVersion version, Packet... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            out.writeBytes(Wire.encode(version, p));
        }
        return out.toByteArray();
    }

    private List<Packet> inbound() {
        List<Packet> packets = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            packets.add((Packet) o);
        }
        return packets;
    }

    private DecodeException onlyError() {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).isInstanceOf(DecodeException.class);
        return (DecodeException) errors.get(0);
    }

    private static Packet[] clientStream(ProtocolVersion version) {
        Properties props = version.isV5()
                ? Properties.builder().set(PropertyId.CONTENT_TYPE, "t").userProperty("a", "b").build()
                : Properties.EMPTY;
        return new Packet[] {
                new Connect(version, "client", true, 60, "u", Bytes.utf8("p"), null, Properties.EMPTY),
                new Publish("a/b", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.wrap(new byte[300]), props),
                Publish.of("c", Bytes.utf8("x")),
                new PubAck(5),
                new Subscribe(2, List.of(new Subscription("a/#", QoS.EXACTLY_ONCE)), Properties.EMPTY),
                PingReq.INSTANCE,
                Disconnect.NORMAL };
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_streamSplitAtEveryByte_samePackets(ProtocolVersion version) {
        Packet[] packets = clientStream(version);
        byte[] bytes = stream(version, packets);
        for (int split = 0; split <= bytes.length; split++) {
            channel(new MqttDecoder(null, 1 << 20));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            assertThat(inbound()).as("split at %d", split).containsExactly(packets);
            assertThat(errors).isEmpty();
            channel.finishAndReleaseAll();
        }
        channel = null;
    }

    @Test
    void decode_streamOneByteAtATime_samePackets() {
        Packet[] packets = clientStream(ProtocolVersion.MQTT_5);
        byte[] bytes = stream(ProtocolVersion.MQTT_5, packets);
        channel(new MqttDecoder(null, 1 << 20));
        List<Packet> decoded = new ArrayList<>();
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            decoded.addAll(inbound());
        }
        assertThat(decoded).containsExactly(packets);
        assertThat(errors).isEmpty();
    }

    @Test
    void decode_manyPacketsInOneRead_allDecoded() {
        Packet[] packets = clientStream(ProtocolVersion.MQTT_3_1_1);
        channel(new MqttDecoder(null, 1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(stream(ProtocolVersion.MQTT_3_1_1, packets)));
        assertThat(inbound()).containsExactly(packets);
    }

    @Test
    void decode_connect_adoptsVersionAndSetsEncoderVersion() {
        MqttDecoder decoder = new MqttDecoder(null, 1024);
        MqttEncoder encoder = new MqttEncoder(null);
        channel = new EmbeddedChannel(encoder, decoder);
        assertThat(decoder.side()).isEqualTo(MqttDecoder.Side.SERVER);
        channel.writeInbound(Unpooled.wrappedBuffer(stream(ProtocolVersion.MQTT_3_1, clientStream(ProtocolVersion.MQTT_3_1)[0])));
        assertThat(decoder.version()).isEqualTo(ProtocolVersion.MQTT_3_1);
        assertThat(encoder.version()).isEqualTo(ProtocolVersion.MQTT_3_1);
    }

    @Test
    void decode_packetLargerThanMaximum_refusedFromFixedHeaderAlone() {
        channel(new MqttDecoder(MqttDecoder.Side.SERVER, ProtocolVersion.MQTT_5, 100));
        // only the fixed header of a 1,000,000-byte PUBLISH: 0x30, remaining length C0 84 3D
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("30 C0843D")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
    }

    @Test
    void decode_packetExactlyMaximum_accepted() {
        byte[] connAck = Wire.encode(ProtocolVersion.MQTT_5, new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY));
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, connAck.length));
        channel.writeInbound(Unpooled.wrappedBuffer(connAck));
        assertThat(inbound()).hasSize(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void decode_garbageAfterError_discardedAndNoSecondError() {
        channel(new MqttDecoder(null, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("C0 00"))); // PINGREQ before CONNECT
        ByteBuf garbage = Unpooled.wrappedBuffer(Wire.hex("FF FF FF FF FF 00 10 20 30"));
        channel.writeInbound(garbage);
        byte[] connect = stream(ProtocolVersion.MQTT_3_1_1, clientStream(ProtocolVersion.MQTT_3_1_1)[0]);
        channel.writeInbound(Unpooled.wrappedBuffer(connect));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(inbound()).isEmpty();
        assertThat(garbage.refCnt()).isZero();
    }

    @Test
    void decode_packetsBeforeAnErrorInTheSameRead_deliveredFirst() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_3_1_1, 1024));
        byte[] good = stream(ProtocolVersion.MQTT_3_1_1, new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY),
                PingResp.INSTANCE);
        byte[] bad = Wire.hex("D1 00"); // PINGRESP with flags 1
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        channel.writeInbound(Unpooled.wrappedBuffer(all));
        assertThat(inbound()).hasSize(2);
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_firstPacketNotConnect_protocolError() {
        channel(new MqttDecoder(null, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("30 05 0003 612F62")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_secondConnect_protocolError() {
        channel(new MqttDecoder(null, 1024));
        byte[] connect = stream(ProtocolVersion.MQTT_5, clientStream(ProtocolVersion.MQTT_5)[0]);
        channel.writeInbound(Unpooled.wrappedBuffer(connect));
        channel.writeInbound(Unpooled.wrappedBuffer(connect));
        assertThat(inbound()).hasSize(1);
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_connectWhenServerVersionAlreadySet_protocolError() {
        channel(new MqttDecoder(MqttDecoder.Side.SERVER, ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(stream(ProtocolVersion.MQTT_5, clientStream(ProtocolVersion.MQTT_5)[0])));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_unsupportedProtocolLevel_unsupportedVersionAndNoVersionAdopted() {
        MqttDecoder decoder = new MqttDecoder(null, 1024);
        channel(decoder);
        // CONNECT, protocol "MQTT" level 6, flags 02, keep alive 60, no properties, client id "a"
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("10 0D 0004 4D515454 06 02 003C 00 0001 61")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(decoder.version()).isNull();
    }

    @Test
    void decode_malformedV5Connect_versionAdoptedForTheConnAck() {
        MqttDecoder decoder = new MqttDecoder(null, 1024);
        channel(decoder);
        // CONNECT 5.0 with the reserved connect flag set
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("10 0C 0004 4D515454 05 03 003C 00 0000")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(decoder.version()).isEqualTo(ProtocolVersion.MQTT_5);
    }

    @Test
    void connectLevel_unsupportedLevel_notedAsSent() {
        MqttDecoder decoder = new MqttDecoder(null, 1024);
        channel(decoder);
        assertThat(decoder.connectLevel()).isEqualTo(-1);
        // level 0x86: a bridge bit on a level nobody speaks; refused, and the byte is kept as it came
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("10 0D 0004 4D515454 86 02 003C 00 0001 61")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(decoder.connectLevel()).isEqualTo(0x86);
    }

    @Test
    void connectLevel_connectTooLarge_notedFromTheBytesReceivedBeforeTheRefusal() {
        MqttDecoder decoder = new MqttDecoder(null, 100);
        channel(decoder);
        // the start of a 5.0 CONNECT of remaining length 1,000 (E8 07): refused from its header, level known
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("10 E807 0004 4D515454 05 02")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
        assertThat(decoder.connectLevel()).isEqualTo(5);
        assertThat(decoder.version()).isNull(); // the body was never read
    }

    @Test
    void connectLevel_splitBeforeTheLevel_notedOnceItArrives() {
        MqttDecoder decoder = new MqttDecoder(null, 1024);
        channel(decoder);
        // 3.1: "MQIsdp" level 3, with a two-byte remaining length (128), sent cut before the level byte
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("10 8001 0006 4D5149736470")));
        assertThat(decoder.connectLevel()).isEqualTo(-1);
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("03")));
        assertThat(decoder.connectLevel()).isEqualTo(3);
        assertThat(errors).isEmpty();
    }

    @Test
    void connectLevel_clientSide_neverNoted() {
        MqttDecoder decoder = new MqttDecoder(ProtocolVersion.MQTT_5, 1024);
        channel(decoder);
        channel.writeInbound(Unpooled.wrappedBuffer(
                Wire.encode(ProtocolVersion.MQTT_5, new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY))));
        assertThat(inbound()).hasSize(1);
        assertThat(decoder.connectLevel()).isEqualTo(-1);
    }

    @Test
    void decode_connAckAtServer_protocolError() {
        channel(new MqttDecoder(MqttDecoder.Side.SERVER, ProtocolVersion.MQTT_3_1_1, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 02 00 00")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_publishWithSubscriptionIdentifierAtServer_protocolError() {
        channel(new MqttDecoder(MqttDecoder.Side.SERVER, ProtocolVersion.MQTT_5, 1024));
        // PUBLISH QoS 0 topic "t", properties: Subscription Identifier 1
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("30 06 0001 74 02 0B01")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_publishWithSubscriptionIdentifierAtClient_accepted() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 03 00 00 00   30 06 0001 74 02 0B01")));
        assertThat(inbound()).hasSize(2);
        assertThat(errors).isEmpty();
    }

    @Test
    void decode_clientPublishBeforeConnAck_protocolError() {
        MqttDecoder decoder = new MqttDecoder(ProtocolVersion.MQTT_3_1_1, 1024);
        assertThat(decoder.side()).isEqualTo(MqttDecoder.Side.CLIENT);
        channel(decoder);
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("30 03 0001 74")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_clientAuthBeforeConnAck_accepted() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("F0 00  20 03 00 00 00  D0 00")));
        assertThat(inbound()).containsExactly(new Auth(ReasonCode.SUCCESS, Properties.EMPTY),
                new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY), PingResp.INSTANCE);
        assertThat(errors).isEmpty();
    }

    @Test
    void decode_clientSecondConnAck_protocolError() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_3_1_1, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 02 00 00  20 02 00 00")));
        assertThat(inbound()).hasSize(1);
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_clientReceivesSubscribe_protocolError() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 03 00 00 00  82 07 0001 00 0001 61 00")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v311ClientReceivesDisconnect_protocolError() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_3_1_1, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 02 00 00  E0 00")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v5ClientReceivesDisconnect_accepted() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 03 00 00 00  E0 01 8B")));
        assertThat(inbound()).endsWith(new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN));
    }

    @Test
    void decode_remainingLengthOfFiveBytes_malformed() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, Integer.MAX_VALUE));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("20 03 00 00 00  30 FF FF FF FF 01")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_nonMinimalRemainingLength_malformed() {
        channel(new MqttDecoder(MqttDecoder.Side.SERVER, ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("C0 80 00"))); // PINGREQ, remaining length 0 in two bytes
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_reservedPacketType0_malformedFromFirstByte() {
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("00 00")));
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void constructor_clientWithoutVersion_illegalArgument() {
        assertThatThrownBy(() -> new MqttDecoder(MqttDecoder.Side.CLIENT, null, 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encoder_packetsAndPreEncodedBuffers_writtenInOrder() {
        channel = new EmbeddedChannel(new MqttEncoder(ProtocolVersion.MQTT_5));
        Publish publish = new Publish("t", QoS.AT_LEAST_ONCE, false, false, 3, Bytes.utf8("x"), Properties.EMPTY);
        ByteBuf shared = PacketEncoder.encode(channel.alloc(), ProtocolVersion.MQTT_5, publish);
        channel.writeOutbound(new SubAck(1, List.of(ReasonCode.GRANTED_QOS_1), Properties.EMPTY), shared);
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(first)).isEqualTo(Wire.hex("90 04 0001 00 01"));
            assertThat(second).isSameAs(shared);
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(second))
                    .isEqualTo(Wire.encode(ProtocolVersion.MQTT_5, publish));
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void decode_serverStreamSplitAtEveryByte_samePacketsAtClient() {
        Properties props = Properties.builder().set(PropertyId.REASON_STRING, "r").userProperty("a", "b").build();
        Packet[] packets = {
                new Auth(ReasonCode.CONTINUE_AUTHENTICATION, Properties.builder()
                        .set(PropertyId.AUTHENTICATION_METHOD, "m").build()),
                new ConnAck(true, ReasonCode.SUCCESS, Properties.builder().set(PropertyId.TOPIC_ALIAS_MAXIMUM, 5).build()),
                new Publish("a", QoS.EXACTLY_ONCE, true, true, 9, Bytes.utf8("p"),
                        Properties.builder().subscriptionIdentifier(1).subscriptionIdentifier(2).build()),
                new SubAck(3, List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.NOT_AUTHORIZED), props),
                new io.mqttools.protocol.packet.UnsubAck(4, List.of(ReasonCode.NO_SUBSCRIPTION_EXISTED), Properties.EMPTY),
                new io.mqttools.protocol.packet.PubRel(9),
                PingResp.INSTANCE,
                new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, props) };
        byte[] bytes = stream(ProtocolVersion.MQTT_5, packets);
        for (int split = 0; split <= bytes.length; split++) {
            channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1 << 20));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            assertThat(inbound()).as("split at %d", split).containsExactly(packets);
            assertThat(errors).isEmpty();
            channel.finishAndReleaseAll();
        }
        channel = null;
    }

    @Test
    void decode_errorInSecondPacketOfSplitStream_reportedOnceAfterFirstPacket() {
        byte[] connect = stream(ProtocolVersion.MQTT_3_1_1, clientStream(ProtocolVersion.MQTT_3_1_1)[0]);
        byte[] bad = Wire.hex("30 03 0001 23"); // PUBLISH to topic "#"
        byte[] all = new byte[connect.length + bad.length];
        System.arraycopy(connect, 0, all, 0, connect.length);
        System.arraycopy(bad, 0, all, connect.length, bad.length);
        channel(new MqttDecoder(null, 1024));
        for (byte b : all) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(all));
        assertThat(inbound()).hasSize(1);
        assertThat(onlyError().reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
    }

    @Test
    void encoder_withoutVersion_refusesAllButConnect() {
        channel = new EmbeddedChannel(new MqttEncoder(null));
        Connect connect = new Connect(ProtocolVersion.MQTT_5, "c", true, 0, null, null, null, Properties.EMPTY);
        channel.writeOutbound(connect);
        ByteBuf encoded = channel.readOutbound();
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(encoded)).isEqualTo(Wire.encode(ProtocolVersion.MQTT_5, connect));
        } finally {
            encoded.release();
        }
        assertThatThrownBy(() -> channel.writeOutbound(PingReq.INSTANCE)).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void decode_mosquittoBrokerReplies_clientDecodesAll() {
        // what mosquitto 2.0.11 sent to a 5.0 client that subscribed to a/#, unsubscribed x/y, published
        // "hi" to a/b at QoS 1, pinged, then published to "a/#" (refused with DISCONNECT Protocol Error)
        channel(new MqttDecoder(ProtocolVersion.MQTT_5, 1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.hex("""
                20 09 00 00 06 22000A 210014      # CONNACK: Topic Alias Maximum 10, Receive Maximum 20
                90 04 0001 00 01                  # SUBACK: granted QoS 1
                B0 04 0002 00 11                  # UNSUBACK: No subscription existed
                32 0A 0003 612F62 0001 00 6869    # PUBLISH a/b QoS 1 to the subscriber (packet id 1)
                40 02 0005                        # PUBACK of our PUBLISH 5, short form
                D0 00                             # PINGRESP
                E0 01 82                          # DISCONNECT Protocol Error
                """)));
        assertThat(inbound()).containsExactly(
                new ConnAck(false, ReasonCode.SUCCESS, Properties.builder()
                        .set(PropertyId.TOPIC_ALIAS_MAXIMUM, 10).set(PropertyId.RECEIVE_MAXIMUM, 20).build()),
                new SubAck(1, List.of(ReasonCode.GRANTED_QOS_1), Properties.EMPTY),
                new io.mqttools.protocol.packet.UnsubAck(2, List.of(ReasonCode.NO_SUBSCRIPTION_EXISTED), Properties.EMPTY),
                new Publish("a/b", QoS.AT_LEAST_ONCE, false, false, 1, Bytes.utf8("hi"), Properties.EMPTY),
                new PubAck(5),
                PingResp.INSTANCE,
                new Disconnect(ReasonCode.PROTOCOL_ERROR));
        assertThat(errors).isEmpty();
    }
}
