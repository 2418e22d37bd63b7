package io.mqttools.broker.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Notes the protocol level byte of the first CONNECT, before the decoder reads it, so that a CONNECT
 * the decoder refuses (an unsupported level, a malformed 5.0 CONNECT) can still be answered with a
 * CONNACK the client understands. Looks only at the first read, passes it on untouched, and removes
 * itself.
 */
public final class ProtocolLevelSniffHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "protocolLevelSniffer";

    private int level = -1;

    /** The level byte of the CONNECT, or -1 if the first read did not reach it. */
    int level() {
        return level;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            level = levelOf(buf);
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    /** The protocol level of a CONNECT at the buffer's reader index, or -1. */
    static int levelOf(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        if (i >= end || (buf.getByte(i) & 0xFF) != 0x10) {
            return -1;
        }
        i++;
        for (int n = 0; n < 4; n++) { // Remaining Length: 1..4 bytes
            if (i >= end) {
                return -1;
            }
            if ((buf.getByte(i++) & 0x80) == 0) {
                break;
            }
        }
        if (i + 2 > end) {
            return -1;
        }
        int nameLength = buf.getUnsignedShort(i);
        i += 2 + nameLength;
        return i < end ? buf.getByte(i) & 0xFF : -1;
    }
}
