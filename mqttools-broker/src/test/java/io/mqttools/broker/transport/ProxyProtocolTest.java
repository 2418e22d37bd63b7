package io.mqttools.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.broker.connection.ClientAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The PROXY protocol handlers on an embedded channel: the client address they record, the bytes they pass on. */
class ProxyProtocolTest {
    /** The first bytes of an MQTT 3.1.1 CONNECT, what follows the header. */
    static final byte[] MQTT = {0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00};

    static byte[] v1(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 header: PROXY over TCP/IPv4 from 192.0.2.7:40000 to 198.51.100.1:1883. */
    static byte[] v2Tcp4() {
        return new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                0x21, 0x11, 0x00, 0x0C, (byte) 192, 0, 2, 7, (byte) 198, 51, 100, 1,
                (byte) 0x9C, 0x40, 0x07, 0x5B};
    }

    /** A v2 LOCAL header (a health check of the load balancer), no addresses. */
    static byte[] v2Local() {
        return new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                0x20, 0x00, 0x00, 0x00};
    }

    private static EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ListenerPipeline.addProxyProtocol(ch.pipeline());
        return ch;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** What came out of the pipeline's end, all reads together. */
    private static byte[] passedOn(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readInbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static void assertHandlersGone(EmbeddedChannel ch) {
        assertThat(ch.pipeline().get(ProxySignatureGuard.NAME)).isNull();
        assertThat(ch.pipeline().get(ProxyHeaderHandler.DECODER)).isNull();
        assertThat(ch.pipeline().get(ProxyHeaderHandler.NAME)).isNull();
    }

    @Test
    void v1Tcp4_thenMqtt_sourceAddressRecordedAndMqttBytesPassedOn() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(v1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 1883"), MQTT)));
        assertThat(ClientAddress.of(ch)).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000));
        assertThat(passedOn(ch)).containsExactly(MQTT);
        assertHandlersGone(ch);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void v1Tcp6_sourceAddressRecorded() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(v1("PROXY TCP6 2001:db8::7 2001:db8::1 40001 1883"), MQTT)));
        assertThat(ClientAddress.of(ch)).isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 40001));
        assertThat(passedOn(ch)).containsExactly(MQTT);
        ch.finishAndReleaseAll();
    }

    @Test
    void v2Tcp4_sourceAddressRecorded() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(v2Tcp4(), MQTT)));
        assertThat(ClientAddress.of(ch)).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000));
        assertThat(passedOn(ch)).containsExactly(MQTT);
        assertHandlersGone(ch);
        ch.finishAndReleaseAll();
    }

    @Test
    void headersSplitIntoSingleBytes_sameResult() throws Exception {
        for (byte[] header : new byte[][] {v1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 1883"), v2Tcp4()}) {
            EmbeddedChannel ch = channel();
            for (byte b : concat(header, MQTT)) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            assertThat(ClientAddress.of(ch)).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000));
            assertThat(passedOn(ch)).containsExactly(MQTT);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void v1Unknown_socketAddressKept() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(v1("PROXY UNKNOWN"), MQTT)));
        assertThat(ch.attr(ClientAddress.PROXIED).get()).isNull();
        assertThat(ClientAddress.of(ch)).isEqualTo(ch.remoteAddress());
        assertThat(passedOn(ch)).containsExactly(MQTT);
        ch.finishAndReleaseAll();
    }

    @Test
    void v2Local_socketAddressKept() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(v2Local(), MQTT)));
        assertThat(ch.attr(ClientAddress.PROXIED).get()).isNull();
        assertThat(passedOn(ch)).containsExactly(MQTT);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void mqttWithoutHeader_closedAtOnceNothingPassedOn() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(MQTT));
        assertThat(ch.isOpen()).isFalse();
        assertThat(passedOn(ch)).isEmpty();
        ch.checkException(); // nothing reached the end of the pipeline
    }

    @Test
    void signatureBrokenInLaterSegment_closed() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer("PRO".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(Unpooled.wrappedBuffer("XX ".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ch.isOpen()).isFalse();
        assertThat(passedOn(ch)).isEmpty();
    }

    @Test
    void invalidV1Header_closedWithoutException() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(v1("PROXY TCP4 not-an-address 198.51.100.1 1 2"), MQTT)));
        assertThat(ch.isOpen()).isFalse();
        assertThat(passedOn(ch)).isEmpty();
        ch.checkException();
    }
}
