package io.mqttools.protocol.codec;

import io.netty.buffer.ByteBuf;

/** The fixed header every packet starts with: type and flags in one byte, then the Remaining Length. */
public final class FixedHeader {
    private FixedHeader() {
    }

    /** The whole packet size for a remaining length: one byte, the length itself, then the rest. */
    public static int packetSize(int remainingLength) {
        return 1 + VariableByteInteger.size(remainingLength) + remainingLength;
    }

    public static void write(ByteBuf out, int firstByte, int remainingLength) {
        out.writeByte(firstByte);
        VariableByteInteger.write(out, remainingLength);
    }
}
