package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;

/**
 * Decodes one whole packet whose fixed header has been read. Stateless and pure.
 */
public final class PacketDecoder {
    private PacketDecoder() {
    }

    /**
     * Decodes a packet body.
     *
     * @param version   the connection's protocol version; null before the handshake, when only a CONNECT
     *                  (which names its own version) is accepted
     * @param firstByte the fixed header's first byte (type and flags)
     * @param body      exactly the remaining-length bytes; read, not released, by this method
     * @throws DecodeException for anything the spec says must not be accepted
     */
    public static Packet decode(ProtocolVersion version, int firstByte, ByteBuf body) throws DecodeException {
        throw new UnsupportedOperationException("codec not implemented yet");
    }
}
