package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Framing: turns a byte stream into {@link io.mqttools.protocol.packet.Packet}s, whatever the read
 * boundaries. Per channel, not sharable.
 *
 * <p>The server side starts with no version: the first packet must be a CONNECT, and its protocol
 * level sets the version for the rest of the connection. A client side is constructed with its version.
 * A packet larger than the maximum packet size is refused from its fixed header, before its body is
 * buffered. On a {@link DecodeException} the decoder fires it through {@code exceptionCaught} and
 * discards all further input: deciding what to send (CONNACK or DISCONNECT with the exception's reason
 * code) and closing the channel is the connection handler's job.
 */
public final class MqttDecoder extends ByteToMessageDecoder {
    public static final String NAME = "mqttDecoder";

    private ProtocolVersion version;
    private int maxPacketSize;

    /**
     * @param version       the protocol version, or null on the server side before CONNECT
     * @param maxPacketSize the largest whole packet accepted, in bytes, fixed header included
     */
    public MqttDecoder(ProtocolVersion version, int maxPacketSize) {
        this.version = version;
        this.maxPacketSize = maxPacketSize;
    }

    /** The version in use, or null before a server has read the CONNECT. */
    public ProtocolVersion version() {
        return version;
    }

    public void version(ProtocolVersion version) {
        this.version = version;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public void maxPacketSize(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }
}
