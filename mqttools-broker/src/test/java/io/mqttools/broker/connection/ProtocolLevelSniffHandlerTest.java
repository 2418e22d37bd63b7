package io.mqttools.broker.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ProtocolLevelSniffHandlerTest {
    private static int level(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        ByteBuf buf = Unpooled.wrappedBuffer(b);
        try {
            int level = ProtocolLevelSniffHandler.levelOf(buf);
            assertThat(buf.readerIndex()).isZero(); // only looked
            return level;
        } finally {
            buf.release();
        }
    }

    @Test
    void levelOf_mqtt5Connect_five() {
        assertThat(level(0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 5, 2, 0, 60, 0, 0, 0)).isEqualTo(5);
    }

    @Test
    void levelOf_mqisdpWithTwoByteRemainingLength_three() {
        assertThat(level(0x10, 0x80, 0x01, 0, 6, 'M', 'Q', 'I', 's', 'd', 'p', 3)).isEqualTo(3);
    }

    @Test
    void levelOf_notAConnectOrCutShort_minusOne() {
        assertThat(level(0xC0, 0)).isEqualTo(-1);
        assertThat(level(0x10, 12, 0, 4, 'M', 'Q')).isEqualTo(-1);
        assertThat(level()).isEqualTo(-1);
    }
}
