package io.mqttools.protocol.codec;

import io.mqttools.protocol.PacketType;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Framing: turns a byte stream into {@link Packet}s, whatever the read boundaries. Per channel, not
 * sharable.
 *
 * <p>The server side starts with no version: the first packet must be a CONNECT, and its protocol
 * level sets the version for the rest of the connection (also on an {@link MqttEncoder} in the same
 * pipeline whose version is still null). A client side is constructed with its version.
 * A packet larger than the maximum packet size is refused from its fixed header, before its body is
 * buffered. On a {@link DecodeException} the decoder fires it through {@code exceptionCaught} and
 * discards all further input: deciding what to send (CONNACK or DISCONNECT with the exception's reason
 * code) and closing the channel is the connection handler's job. When a CONNECT fails after naming a
 * version we speak, {@link #version()} already returns it, so that the CONNACK can be sent in that
 * version's format.
 *
 * <p>The decoder also checks what depends on the connection's history and direction, all as
 * PROTOCOL_ERROR: a server accepts CONNECT first and only once [MQTT-3.1.0-1] [MQTT-3.1.0-2], and
 * never CONNACK, SUBACK, UNSUBACK or PINGRESP, nor a PUBLISH with a Subscription Identifier
 * [MQTT-3.3.4-6]; a client accepts nothing before the CONNACK but AUTH [MQTT-3.2.0-1], one CONNACK
 * only, and never CONNECT, SUBSCRIBE, UNSUBSCRIBE or PINGREQ, nor a DISCONNECT before MQTT 5.
 * These checks run on the fixed header, before the body is buffered.
 *
 * <p>A server's decoder also notes the protocol level byte of the CONNECT as soon as it has the bytes, before
 * anything is checked ({@link #connectLevel()}): a CONNECT refused for its size or its level can then still be
 * answered in the client's own format.
 *
 * <p>{@link MqttCodec} extends it with the encoder, in one pipeline position.
 */
public class MqttDecoder extends ByteToMessageDecoder {
    public static final String NAME = "mqttDecoder";

    /** Which end of the connection the decoder reads for. */
    public enum Side {
        /** Reads what clients send. */
        SERVER,
        /** Reads what servers send. */
        CLIENT
    }

    private final Side side;
    private ProtocolVersion version;
    private int maxPacketSize;
    /** Server: the CONNECT has been read. Client: the CONNACK has been read. */
    private boolean handshakeDone;
    private boolean failed;
    /** The CONNECT's protocol level byte, -1 until read. */
    private int connectLevel = -1;

    /**
     * A decoder for the server side when {@code version} is null, for the client side otherwise.
     *
     * @param version       the protocol version, or null on the server side before CONNECT
     * @param maxPacketSize the largest whole packet accepted, in bytes, fixed header included
     */
    public MqttDecoder(ProtocolVersion version, int maxPacketSize) {
        this(version == null ? Side.SERVER : Side.CLIENT, version, maxPacketSize);
    }

    /**
     * @param side          which end reads: it decides which packets are accepted
     * @param version       the client's version (required); for a server null before the CONNECT, or the
     *                      version of a CONNECT already read elsewhere
     * @param maxPacketSize the largest whole packet accepted, in bytes, fixed header included
     */
    public MqttDecoder(Side side, ProtocolVersion version, int maxPacketSize) {
        if (side == Side.CLIENT && version == null) {
            throw new IllegalArgumentException("a client-side decoder needs its protocol version");
        }
        if (maxPacketSize < 2) {
            throw new IllegalArgumentException("maximum packet size must be at least 2, not " + maxPacketSize);
        }
        this.side = side;
        this.version = version;
        this.maxPacketSize = maxPacketSize;
        this.handshakeDone = side == Side.SERVER && version != null;
    }

    public Side side() {
        return side;
    }

    /** The version in use, or null before a server has read the CONNECT. */
    public ProtocolVersion version() {
        return version;
    }

    public void version(ProtocolVersion version) {
        this.version = version;
    }

    /**
     * Server side: the protocol level byte of the CONNECT, as sent (bridge bit included), once its bytes have
     * been received, even when the CONNECT was then refused; -1 before that.
     */
    public int connectLevel() {
        return connectLevel;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public void maxPacketSize(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Packet packet = decodeOne(ctx, in);
            if (packet != null) {
                out.add(packet);
            }
        } catch (DecodeException e) {
            fail(ctx, in, e);
        } catch (RuntimeException e) {
            // a decoding bug must not let the stream be parsed on from an unknown position
            DecodeException wrapped = new DecodeException(ReasonCode.MALFORMED_PACKET, "undecodable packet: " + e);
            wrapped.initCause(e);
            fail(ctx, in, wrapped);
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, DecodeException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireExceptionCaught(e);
    }

    /** One packet, or null when the buffer does not hold a whole one yet. */
    private Packet decodeOne(ChannelHandlerContext ctx, ByteBuf in) throws DecodeException {
        if (in.readableBytes() < 2) {
            return null;
        }
        int start = in.readerIndex();
        int firstByte = in.getUnsignedByte(start);
        PacketType type = PacketDecoder.checkFixedHeader(firstByte);
        checkAllowed(type);
        long lengthAndSize = VariableByteInteger.peek(in, start + 1);
        if (lengthAndSize == VariableByteInteger.INCOMPLETE) {
            return null;
        }
        int remainingLength = (int) lengthAndSize;
        int headerSize = 1 + (int) (lengthAndSize >>> 32);
        long packetSize = (long) headerSize + remainingLength;
        if (type == PacketType.CONNECT && connectLevel < 0) {
            connectLevel = ProtocolHeader.level(in, start + headerSize);
        }
        if (packetSize > maxPacketSize) {
            // refused from the header alone: the body is never buffered
            throw new DecodeException(ReasonCode.PACKET_TOO_LARGE,
                    "packet of " + packetSize + " bytes exceeds the maximum of " + maxPacketSize);
        }
        if (in.readableBytes() < packetSize) {
            return null;
        }
        in.skipBytes(headerSize);
        ByteBuf body = in.readSlice(remainingLength);
        if (type == PacketType.CONNECT) {
            // adopt the version before the rest is checked, so an error can be answered in its format
            ProtocolVersion named = ProtocolHeader.peek(body);
            if (named != null) {
                adopt(ctx, named);
            }
        }
        Packet packet = PacketDecoder.decode(version, firstByte, body);
        if (type == PacketType.CONNECT || type == PacketType.CONNACK) {
            handshakeDone = true;
        } else if (side == Side.SERVER && type == PacketType.PUBLISH
                && !((Publish) packet).properties().subscriptionIdentifiers().isEmpty()) {
            // [MQTT-3.3.4-6] a client's PUBLISH carries no Subscription Identifier
            throw new DecodeException(ReasonCode.PROTOCOL_ERROR, "PUBLISH from a client with a Subscription Identifier");
        }
        return packet;
    }

    private void checkAllowed(PacketType type) throws DecodeException {
        if (side == Side.SERVER) {
            if (!handshakeDone && type != PacketType.CONNECT) {
                // [MQTT-3.1.0-1] the first packet from a client must be a CONNECT
                throw protocolError(type + " before CONNECT");
            }
            switch (type) {
                case CONNECT -> {
                    if (handshakeDone) {
                        // [MQTT-3.1.0-2] a second CONNECT is a Protocol Error
                        throw protocolError("second CONNECT");
                    }
                }
                case CONNACK, SUBACK, UNSUBACK, PINGRESP -> throw protocolError(type + " sent to a server");
                default -> {
                }
            }
        } else {
            switch (type) {
                case CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ -> throw protocolError(type + " sent to a client");
                case CONNACK -> {
                    if (handshakeDone) {
                        throw protocolError("second CONNACK");
                    }
                }
                case AUTH -> {
                }
                default -> {
                    if (!handshakeDone) {
                        // [MQTT-3.2.0-1] the server sends CONNACK before anything but AUTH
                        throw protocolError(type + " before CONNACK");
                    }
                    if (type == PacketType.DISCONNECT && !version.isV5()) {
                        // before MQTT 5 only clients send DISCONNECT
                        throw protocolError("DISCONNECT sent to an MQTT " + version + " client");
                    }
                }
            }
        }
    }

    private static DecodeException protocolError(String message) {
        return new DecodeException(ReasonCode.PROTOCOL_ERROR, message);
    }

    private void adopt(ChannelHandlerContext ctx, ProtocolVersion named) {
        version = named;
        versionAdopted(ctx, named);
    }

    /** Called when a CONNECT has named the version: sets it on an {@link MqttEncoder} of the pipeline that has none. */
    void versionAdopted(ChannelHandlerContext ctx, ProtocolVersion named) {
        MqttEncoder encoder = ctx.pipeline().get(MqttEncoder.class);
        if (encoder != null && encoder.version() == null) {
            encoder.version(named);
        }
    }
}
