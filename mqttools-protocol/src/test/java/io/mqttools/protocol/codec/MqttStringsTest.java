package io.mqttools.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttStringsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "caf\u00e9", "\u20ac", "\uD83D\uDE00", "\uFEFFbom", "\uFFFF", "\u007F\u0080\u07FF\u0800"})
    void writeAndRead_wellFormedStrings_sameString(String s) throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuf buf = direct ? Unpooled.directBuffer() : Unpooled.buffer();
            try {
                MqttStrings.writeUtf8(buf, s);
                assertThat(buf.readableBytes()).isEqualTo(MqttStrings.utf8Size(s));
                assertThat(MqttStrings.readUtf8(buf)).isEqualTo(s);
                assertThat(buf.isReadable()).isFalse();
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00",           // U+0000 [MQTT-1.5.4-2]
            "C080",         // overlong U+0000
            "C1BF",         // overlong 2-byte
            "E08080",       // overlong 3-byte
            "F0808080",     // overlong 4-byte
            "EDA080",       // U+D800 [MQTT-1.5.4-1]
            "EDBFBF",       // U+DFFF
            "F4908080",     // above U+10FFFF
            "F5808080",     // invalid lead byte
            "FF",
            "80",           // lone continuation byte
            "C3",           // truncated 2-byte sequence
            "E282",         // truncated 3-byte sequence
            "E228A1",       // bad continuation
            "61 F09F98",    // truncated 4-byte sequence at the end
    })
    void readUtf8_illFormed_malformed(String hex) {
        byte[] content = Wire.hex(hex);
        ByteBuf buf = Unpooled.buffer();
        buf.writeShort(content.length).writeBytes(content);
        try {
            assertThatThrownBy(() -> MqttStrings.readUtf8(buf))
                    .isInstanceOf(DecodeException.class)
                    .satisfies(e -> assertThat(((DecodeException) e).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));
        } finally {
            buf.release();
        }
    }

    @Test
    void readUtf8_bom_notStripped() throws Exception {
        // [MQTT-1.5.4-3]
        ByteBuf buf = Unpooled.wrappedBuffer(Wire.hex("0004 EFBBBF 61"));
        try {
            assertThat(MqttStrings.readUtf8(buf)).isEqualTo("\uFEFFa");
        } finally {
            buf.release();
        }
    }

    @Test
    void readUtf8_lengthBeyondBuffer_malformed() {
        ByteBuf buf = Unpooled.wrappedBuffer(Wire.hex("0005 6162"));
        try {
            assertThatThrownBy(() -> MqttStrings.readUtf8(buf)).isInstanceOf(DecodeException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void utf8Size_longerThan65535Bytes_illegalArgument() {
        assertThat(MqttStrings.utf8Size("a".repeat(65535))).isEqualTo(65537);
        assertThatThrownBy(() -> MqttStrings.utf8Size("a".repeat(65536))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MqttStrings.utf8Size("\u20ac".repeat(21846))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binary_roundTrip_sameBytes() {
        ByteBuf buf = Unpooled.buffer();
        try {
            Bytes data = Bytes.wrap(new byte[] {0, 1, (byte) 0xFF});
            MqttStrings.writeBinary(buf, data);
            assertThat(ByteBufUtil.hexDump(buf)).isEqualTo("000300 01ff".replace(" ", ""));
            assertThat(MqttStrings.binarySize(data)).isEqualTo(5);
            assertThat(MqttStrings.readBinary(buf)).isEqualTo(data);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800b", "\uDC00", "a\uD800", "\uD800\uD800\uDC00", "\uDBFF\u0041", "\uDE00\uD83D", "a\u0000"})
    void utf8Size_unpairedSurrogateOrNull_refusedNotReplaced(String s) {
        // [MQTT-1.5.4-1] [MQTT-1.5.4-2] no permitted encoding; a replacement would send another string
        assertThatThrownBy(() -> MqttStrings.utf8Size(s)).isInstanceOf(IllegalArgumentException.class);
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> MqttStrings.writeUtf8(buf, s)).isInstanceOf(IllegalArgumentException.class);
            assertThat(buf.readableBytes()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void utf8Size_agreesWithNettyForWellFormedStrings() {
        for (String s : new String[] {"", "abc", "\u00e9\u07FF\u0800\uFFFF", "\uD83D\uDE00x\uDBFF\uDFFF"}) {
            assertThat(MqttStrings.utf8Size(s)).isEqualTo(2 + ByteBufUtil.utf8Bytes(s));
        }
    }
}
