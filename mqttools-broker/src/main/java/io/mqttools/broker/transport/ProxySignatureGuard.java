package io.mqttools.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on a PROXY protocol listener: checks that the stream starts with a v1 ({@code "PROXY "}) or v2
 * (the 12-byte binary signature) header, and closes the connection at the first byte that does not fit.
 * Netty's decoder would otherwise wait for a line end (up to 108 bytes) that a client talking MQTT
 * straight away never sends. The bytes go on unchanged to the decoder; the guard removes itself once the
 * signature is complete, so it sees only the first few bytes, however they are split into reads.
 */
final class ProxySignatureGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "proxySignatureGuard";
    private static final Logger LOG = LoggerFactory.getLogger(ProxySignatureGuard.class);
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** The signature the first byte chose, or null before it. */
    private byte[] signature;
    /** How many bytes of it have been seen. */
    private int matched;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        for (int i = in.readerIndex(); i < in.writerIndex() && (signature == null || matched < signature.length); i++) {
            byte b = in.getByte(i);
            if (signature == null) {
                signature = b == V1[0] ? V1 : V2;
            }
            if (b != signature[matched++]) {
                ReferenceCountUtil.release(msg);
                LOG.info("{}: no PROXY protocol header, closing", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
        }
        if (signature != null && matched == signature.length) {
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
