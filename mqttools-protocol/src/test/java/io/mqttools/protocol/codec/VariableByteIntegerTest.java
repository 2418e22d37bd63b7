package io.mqttools.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableByteIntegerTest {

    @ParameterizedTest
    @CsvSource({"0,00", "127,7F", "128,8001", "16383,FF7F", "16384,808001", "2097151,FFFF7F",
            "2097152,80808001", "268435455,FFFFFF7F"})
    void writeAndRead_specBoundaries_minimalEncoding(int value, String hex) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        try {
            VariableByteInteger.write(buf, value);
            assertThat(ByteBufUtil.hexDump(buf).toUpperCase()).isEqualTo(hex);
            assertThat(VariableByteInteger.size(value)).isEqualTo(hex.length() / 2);
            assertThat(VariableByteInteger.peek(buf, 0)).isEqualTo(((long) hex.length() / 2 << 32) | value);
            assertThat(VariableByteInteger.read(buf)).isEqualTo(value);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void write_outOfRange_illegalArgument() {
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> VariableByteInteger.write(buf, 268_435_456)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VariableByteInteger.write(buf, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VariableByteInteger.size(268_435_456)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void peek_incomplete_incompleteAndNothingConsumed() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80});
        try {
            assertThat(VariableByteInteger.peek(buf, 0)).isEqualTo(VariableByteInteger.INCOMPLETE);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void readAndPeek_fiveBytes_malformed() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
        try {
            assertThatThrownBy(() -> VariableByteInteger.peek(buf, 0)).isInstanceOf(DecodeException.class);
            assertThatThrownBy(() -> VariableByteInteger.read(buf)).isInstanceOf(DecodeException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void readAndPeek_nonMinimal_malformed() {
        // [MQTT-1.5.5-1] 0 encoded in two bytes
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0x00});
        try {
            assertThatThrownBy(() -> VariableByteInteger.peek(buf, 0)).isInstanceOf(DecodeException.class);
            assertThatThrownBy(() -> VariableByteInteger.read(buf)).isInstanceOf(DecodeException.class);
        } finally {
            buf.release();
        }
    }
}
