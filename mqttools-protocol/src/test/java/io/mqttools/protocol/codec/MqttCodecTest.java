package io.mqttools.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MqttCodecTest {
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private byte[] written() {
        ByteBuf buf = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void server_connAckEncodedInTheVersionTheConnectNamed() {
        channel = new EmbeddedChannel(new MqttCodec(MqttDecoder.Side.SERVER, null, 1024));
        Connect connect = new Connect(ProtocolVersion.MQTT_3_1_1, "c", true, 60, null, null, null, Properties.EMPTY);
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.encode(ProtocolVersion.MQTT_3_1_1, connect)));
        assertThat((Packet) channel.readInbound()).isEqualTo(connect);

        channel.writeOutbound(new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY));
        assertThat(written()).isEqualTo(Wire.hex("20 02 00 00")); // 3.1.1: no properties length
    }

    @Test
    void server_versionSetLater_encodesInIt() {
        MqttCodec codec = new MqttCodec(MqttDecoder.Side.SERVER, null, 1024);
        channel = new EmbeddedChannel(codec);
        codec.version(ProtocolVersion.MQTT_5);
        channel.writeOutbound(new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY));
        assertThat(written()).isEqualTo(Wire.hex("20 03 00 00 00")); // 5.0: an empty properties length
    }

    @Test
    void packetsAndPreEncodedBuffers_writtenInOrder() {
        channel = new EmbeddedChannel(new MqttCodec(MqttDecoder.Side.CLIENT, ProtocolVersion.MQTT_5, 1024));
        Publish publish = new Publish("t", QoS.AT_LEAST_ONCE, false, false, 3, Bytes.utf8("x"), Properties.EMPTY);
        ByteBuf shared = PacketEncoder.encode(channel.alloc(), ProtocolVersion.MQTT_5, publish);
        channel.writeOutbound(PingReq.INSTANCE, shared);
        assertThat(written()).isEqualTo(Wire.hex("C0 00"));
        ByteBuf second = channel.readOutbound();
        try {
            assertThat(second).isSameAs(shared); // passed through, not copied
        } finally {
            second.release();
        }
    }

    @Test
    void client_decodesWhatTheServerSends() {
        channel = new EmbeddedChannel(new MqttCodec(MqttDecoder.Side.CLIENT, ProtocolVersion.MQTT_5, 1024));
        SubAck subAck = new SubAck(1, List.of(ReasonCode.GRANTED_QOS_1), Properties.EMPTY);
        channel.writeInbound(Unpooled.wrappedBuffer(
                Wire.encode(ProtocolVersion.MQTT_5, new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY)),
                Wire.encode(ProtocolVersion.MQTT_5, subAck)));
        assertThat((Packet) channel.readInbound()).isInstanceOf(ConnAck.class);
        assertThat((Packet) channel.readInbound()).isEqualTo(subAck);
    }

    @Test
    void unencodablePacket_failsTheWriteAndWritesNothing() {
        channel = new EmbeddedChannel(new MqttCodec(MqttDecoder.Side.CLIENT, ProtocolVersion.MQTT_3_1_1, 1024));
        // AUTH does not exist before 5.0
        ChannelFuture f = channel.writeAndFlush(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, Properties.EMPTY));
        assertThat(f.cause()).isInstanceOf(EncoderException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThat((Object) channel.readOutbound()).isNull();
    }
}
